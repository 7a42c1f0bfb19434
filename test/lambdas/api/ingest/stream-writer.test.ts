import { decodeEnvelope } from '../../../../lambdas/api/ingest/envelope-codec';
import { MAX_ENVELOPE_BYTES, writeToStream } from '../../../../lambdas/api/ingest/stream-writer';
import { PlatformError } from '../../../../lambdas/core/domain/errors';
import type { Signal, StreamRecord } from '../../../../lambdas/core/domain/telemetry';
import type { TelemetryStream } from '../../../../lambdas/core/ports';
import { testPorts } from '../api-test-kit';

describe('writeToStream (the ingest accept contract)', () => {
  it('wraps each payload in an envelope with a UUID and resolves only after the put is durable', async () => {
    const { ports, stream, clock } = testPorts();
    const ids = await writeToStream(ports, 'logs', [
      { kind: 'log-records', body: [{ id: 'r1' }], partitionKey: 'api' },
      { kind: 'log-records', body: [{ id: 'r2' }], partitionKey: '' },
    ]);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const queued = stream.receive('logs', 10);
    expect(queued.map((r) => r.id)).toEqual(ids);
    expect(queued[0].partitionKey).toBe('api');
    expect(queued[1].partitionKey).toBe(ids[1]);
    expect(decodeEnvelope(queued[0].data)).toEqual({ id: ids[0], kind: 'log-records', receivedAt: clock.now(), body: [{ id: 'r1' }] });
  });

  it('waits for the put before resolving', async () => {
    const { ports } = testPorts();
    let release!: () => void;
    const slow: TelemetryStream = {
      put: () => new Promise((resolve) => (release = () => resolve({ failed: [] }))),
      ping: async () => undefined,
    };
    let done = false;
    const p = writeToStream({ ...ports, stream: slow }, 'metrics', [{ kind: 'series', body: [], partitionKey: 'k' }]).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    release();
    await p;
    expect(done).toBe(true);
  });

  it('answers 503 when any record is refused or the put fails', async () => {
    const { ports } = testPorts();
    const partial: TelemetryStream = {
      put: async (_s: Signal, records: readonly StreamRecord[]) => ({ failed: [{ id: records[1].id, reason: 'ProvisionedThroughputExceededException' }] }),
      ping: async () => undefined,
    };
    const err = await writeToStream({ ...ports, stream: partial }, 'traces', [
      { kind: 'spans', body: [], partitionKey: 'a' },
      { kind: 'spans', body: [], partitionKey: 'b' },
    ]).catch((e) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ code: 'unavailable', status: 503 });
    expect(err.details[0].failed[0].reason).toBe('ProvisionedThroughputExceededException');
    const down: TelemetryStream = { put: async () => Promise.reject(new Error('socket hang up')), ping: async () => undefined };
    await expect(writeToStream({ ...ports, stream: down }, 'traces', [{ kind: 'spans', body: [], partitionKey: 'a' }])).rejects.toMatchObject({ status: 503 });
  });

  it('answers 413 before putting anything when an envelope is over the record limit', async () => {
    const { ports, stream } = testPorts();
    const big = 'x'.repeat(MAX_ENVELOPE_BYTES);
    await expect(writeToStream(ports, 'logs', [{ kind: 'log-records', body: [], partitionKey: 'a' }, { kind: 'log-records', body: big, partitionKey: 'b' }])).rejects.toMatchObject({ status: 413 });
    expect(stream.pending('logs')).toBe(0);
  });
});
