import type { Signal, StreamRecord, TelemetryEnvelope } from '../../../lambdas/core/domain/telemetry';
import type { TelemetryStream } from '../../../lambdas/core/ports/telemetry-stream';
import { usePortHarness } from './port-harness';

/** A record as a consumer saw it. */
export interface ReadRecord {
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

/** What the TelemetryStream contract needs: a fresh stream and a way to read back everything on a signal, in order. */
export interface TelemetryStreamHarness {
  readonly stream: TelemetryStream;
  readAll(signal: Signal): Promise<ReadRecord[]>;
  readonly cleanup?: () => Promise<void>;
}

/** An envelope record as ingest makes it: the id lives inside the JSON data. */
export function envelopeRecord(id: string, body: unknown, partitionKey = `pk-${id}`): StreamRecord {
  const envelope: TelemetryEnvelope = { id, kind: 'test', receivedAt: 1_700_000_000_000, body };
  return { id, partitionKey, data: new TextEncoder().encode(JSON.stringify(envelope)) };
}

function idOf(r: ReadRecord): string {
  return (JSON.parse(new TextDecoder().decode(r.data)) as TelemetryEnvelope).id;
}

/** Declares the behaviour every TelemetryStream adapter must have. `makeHarness` is called once per test. */
export function describeTelemetryStreamContract(name: string, makeHarness: () => Promise<TelemetryStreamHarness>): void {
  describe(`TelemetryStream contract: ${name}`, () => {
    let h: TelemetryStreamHarness;
    usePortHarness(makeHarness, (harness) => (h = harness), (harness) => harness.stream);

    it('delivers records intact (bytes, partition key, id inside the data) in put order', async () => {
      const records = [
        envelopeRecord('r1', { text: 'héllo ✓', n: 1 }, 'svc-a'),
        envelopeRecord('r2', { bytes: [0, 255] }, 'svc-a'),
        envelopeRecord('r3', { empty: '' }, 'svc-a'),
      ];
      expect(await h.stream.put('logs', records)).toEqual({ failed: [] });
      const got = await h.readAll('logs');
      expect(got.map(idOf)).toEqual(['r1', 'r2', 'r3']);
      got.forEach((r, i) => {
        expect(r.partitionKey).toBe('svc-a');
        expect(Buffer.from(r.data).equals(Buffer.from(records[i].data))).toBe(true);
      });
    });

    it('keeps signals apart', async () => {
      await h.stream.put('metrics', [envelopeRecord('m1', 1)]);
      await h.stream.put('traces', [envelopeRecord('t1', 2)]);
      expect((await h.readAll('metrics')).map(idOf)).toEqual(['m1']);
      expect((await h.readAll('traces')).map(idOf)).toEqual(['t1']);
      expect(await h.readAll('logs')).toEqual([]);
    });

    it('accepts a large batch (more than one PutRecords call) without loss', async () => {
      const records = Array.from({ length: 1_203 }, (_, i) => envelopeRecord(`b${i}`, { i }, `p${i % 7}`));
      expect(await h.stream.put('metrics', records)).toEqual({ failed: [] });
      const ids = (await h.readAll('metrics')).map(idOf);
      expect(new Set(ids).size).toBe(1_203);
    });

    it('refuses a record over 1 MiB (with its partition key) by id, with a reason, and keeps the rest', async () => {
      const big: StreamRecord = { id: 'big', partitionKey: 'k', data: new Uint8Array(1024 * 1024) };
      const exact: StreamRecord = { id: 'exact', partitionKey: 'k', data: new Uint8Array(1024 * 1024 - 1) };
      const result = await h.stream.put('logs', [envelopeRecord('small', 1), big, exact]);
      expect(result.failed).toHaveLength(1);
      expect(result.failed[0].id).toBe('big');
      expect(result.failed[0].reason).toMatch(/1048577 bytes/);
      const got = await h.readAll('logs');
      expect(got.map((r) => r.data.byteLength)).toEqual([expect.any(Number), 1024 * 1024 - 1]);
      expect(idOf(got[0])).toBe('small');
    });

    it('refuses an empty partition key', async () => {
      const result = await h.stream.put('logs', [{ id: 'nokey', partitionKey: '', data: new Uint8Array([1]) }]);
      expect(result.failed).toEqual([{ id: 'nokey', reason: expect.stringMatching(/partition key/) }]);
    });
  });
}
