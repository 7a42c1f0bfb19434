import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { openDatabase } from '../../../lambdas/adapters/embedded/sqlite-database';
import { SqliteTelemetryStream } from '../../../lambdas/adapters/embedded/sqlite-telemetry-stream';
import { ManualClock } from '../../../lambdas/core/ports';
import { StreamDispatcher, type ProcessorHandler, type ProcessorTable } from '../../../lambdas/local/stream-dispatcher';

const record = (id: string) => ({ id, partitionKey: `pk-${id}`, data: Buffer.from(JSON.stringify({ id })) });

function setup(processor: ProcessorHandler, maxAttempts = 3) {
  const clock = new ManualClock(1_000_000);
  const stream = new SqliteTelemetryStream(openDatabase(':memory:'), clock);
  const idle: ProcessorHandler = async () => ({ batchItemFailures: [] });
  const table: ProcessorTable = { metrics: { name: 'metrics-writer', handler: processor }, logs: { name: 'l', handler: idle }, traces: { name: 't', handler: idle } };
  const dispatcher = new StreamDispatcher(stream, table, { batchSize: 10, maxAttempts, backoffBaseMs: 100, backoffMaxMs: 1000 });
  return { clock, stream, dispatcher };
}

describe('StreamDispatcher (Kinesis event source mapping semantics)', () => {
  it('delivers a Kinesis-shaped event and acks a fully processed batch', async () => {
    const events: KinesisStreamEvent[] = [];
    const { stream, dispatcher } = setup(async (e) => {
      events.push(e);
      return { batchItemFailures: [] };
    });
    await stream.put('metrics', [record('a'), record('b')]);
    expect(await dispatcher.deliverOnce('metrics')).toBe(2);
    const [r1, r2] = events[0].Records;
    expect(r1).toMatchObject({
      eventSource: 'aws:kinesis',
      eventName: 'aws:kinesis:record',
      eventSourceARN: 'arn:aws:kinesis:local:000000000000:stream/metrics',
      kinesis: { partitionKey: 'pk-a', approximateArrivalTimestamp: 1000 },
    });
    expect(Buffer.from(r1.kinesis.data, 'base64').toString()).toBe('{"id":"a"}');
    expect(Number(r2.kinesis.sequenceNumber)).toBeGreaterThan(Number(r1.kinesis.sequenceNumber));
    expect(stream.pending('metrics')).toBe(0);
  });

  it('acks records before the lowest failure and retries the rest after a backoff', async () => {
    let fail = true;
    const seen: string[][] = [];
    const { stream, dispatcher, clock } = setup(async (e): Promise<KinesisStreamBatchResponse> => {
      seen.push(e.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString()));
      if (!fail) return { batchItemFailures: [] };
      return { batchItemFailures: [{ itemIdentifier: e.Records[1].kinesis.sequenceNumber }] };
    });
    await stream.put('metrics', [record('a'), record('b'), record('c')]);
    await dispatcher.deliverOnce('metrics');
    expect(stream.pending('metrics')).toBe(2);
    expect(await dispatcher.deliverOnce('metrics')).toBe(0);
    clock.advance(100);
    fail = false;
    expect(await dispatcher.deliverOnce('metrics')).toBe(2);
    expect(seen[1]).toEqual(['{"id":"b"}', '{"id":"c"}']);
    expect(stream.pending('metrics')).toBe(0);
  });

  it('dead-letters a record that keeps failing, with its reason, and carries on with the rest', async () => {
    const { stream, dispatcher, clock } = setup(async (e) => {
      const bad = e.Records.filter((r) => Buffer.from(r.kinesis.data, 'base64').toString().includes('"b"'));
      return { batchItemFailures: bad.map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })) };
    });
    await stream.put('metrics', [record('a'), record('b'), record('c')]);
    for (let i = 0; i < 3; i++) {
      await dispatcher.deliverOnce('metrics');
      clock.advance(10_000);
    }
    const dead = stream.deadLetters('metrics');
    expect(dead.map((d) => d.id)).toEqual(['b']);
    expect(dead[0].reason).toBe('processor reported the record as failed (failed 3 of 3 attempts)');
    expect(stream.pending('metrics')).toBe(1);
    await dispatcher.deliverOnce('metrics');
    expect(stream.pending('metrics')).toBe(0);
  });

  it('fails the whole batch when the processor throws or names an unknown record', async () => {
    let mode: 'throw' | 'unknown' = 'throw';
    const { stream, dispatcher, clock } = setup(async () => {
      if (mode === 'throw') throw new Error('store down');
      return { batchItemFailures: [{ itemIdentifier: '' }] };
    }, 2);
    await stream.put('metrics', [record('a'), record('b')]);
    await dispatcher.deliverOnce('metrics');
    expect(stream.pending('metrics')).toBe(2);
    clock.advance(10_000);
    await dispatcher.deliverOnce('metrics');
    expect(stream.deadLetters('metrics')).toEqual([expect.objectContaining({ id: 'a', reason: 'processor threw: store down (failed 2 of 2 attempts)' })]);
    mode = 'unknown';
    clock.advance(10_000);
    await dispatcher.deliverOnce('metrics');
    clock.advance(10_000);
    await dispatcher.deliverOnce('metrics');
    expect(stream.deadLetters('metrics').map((d) => d.id)).toEqual(['a', 'b']);
    expect(stream.deadLetters('metrics')[1].reason).toMatch(/unusable itemIdentifier ""/);
  });

  it('polls in the background and stops after the batch in flight', async () => {
    let release!: () => void;
    let started!: () => void;
    const inFlight = new Promise<void>((r) => (started = r));
    const { stream, dispatcher } = setup(async () => {
      started();
      await new Promise<void>((r) => (release = r));
      return { batchItemFailures: [] };
    });
    await stream.put('metrics', [record('a')]);
    dispatcher.start();
    await inFlight;
    const stopped = dispatcher.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    release();
    await stopped;
    expect(stream.pending('metrics')).toBe(0);
  });
});
