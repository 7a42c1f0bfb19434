import { SqliteTelemetryStream } from '../../../../lambdas/adapters/embedded/sqlite-telemetry-stream';
import { openDatabase } from '../../../../lambdas/adapters/embedded/sqlite-database';
import { ManualClock } from '../../../../lambdas/core/ports/clock';
import { describeTelemetryStreamContract, envelopeRecord } from '../../../support/contract/telemetry-stream-contract';
import { tempDatabase } from '../../../support/contract/temp-database';

describeTelemetryStreamContract('SqliteTelemetryStream', async () => {
  const { db, cleanup } = tempDatabase();
  const stream = new SqliteTelemetryStream(db, new ManualClock(1_000));
  return {
    stream,
    cleanup,
    readAll: async (signal) => stream.receive(signal, 1_000_000).map((r) => ({ partitionKey: r.partitionKey, data: r.data })),
  };
});

describe('SqliteTelemetryStream consumer side', () => {
  let clock: ManualClock;
  let stream: SqliteTelemetryStream;
  let cleanup: () => Promise<void>;
  beforeEach(() => {
    const t = tempDatabase();
    cleanup = t.cleanup;
    clock = new ManualClock(10_000);
    stream = new SqliteTelemetryStream(t.db, clock);
  });
  afterEach(() => cleanup());

  it('numbers records with strictly increasing seqs, also after the newest is acked', async () => {
    await stream.put('logs', [envelopeRecord('a', 1), envelopeRecord('b', 2)]);
    const first = stream.receive('logs', 10);
    expect(first.map((r) => [r.id, r.attempts, r.arrivedAt])).toEqual([['a', 0, 10_000], ['b', 0, 10_000]]);
    expect(first[1].seq).toBeGreaterThan(first[0].seq);
    stream.ack('logs', first.map((r) => r.seq));
    await stream.put('logs', [envelopeRecord('c', 3)]);
    expect(stream.receive('logs', 10)[0].seq).toBeGreaterThan(first[1].seq);
  });

  it('ignores a second put of an id not yet acked, and accepts it again once acked', async () => {
    await stream.put('logs', [envelopeRecord('dup', 1)]);
    await stream.put('logs', [envelopeRecord('dup', 2), envelopeRecord('other', 3)]);
    expect(stream.pending('logs')).toBe(2);
    const [dup] = stream.receive('logs', 1);
    expect(JSON.parse(Buffer.from(dup.data).toString()).body).toBe(1);
    stream.ack('logs', [dup.seq]);
    await stream.put('logs', [envelopeRecord('dup', 4)]);
    expect(stream.pending('logs')).toBe(2);
  });

  it('honours max and returns records in seq order', async () => {
    await stream.put('metrics', Array.from({ length: 5 }, (_, i) => envelopeRecord(`m${i}`, i)));
    expect(stream.receive('metrics', 3).map((r) => r.id)).toEqual(['m0', 'm1', 'm2']);
    expect(stream.receive('metrics', 0)).toEqual([]);
  });

  it('hides a retried record until its delay has passed and counts the attempt', async () => {
    await stream.put('traces', [envelopeRecord('t1', 1), envelopeRecord('t2', 2)]);
    const [t1] = stream.receive('traces', 1);
    stream.retry('traces', [t1.seq], 5_000);
    expect(stream.receive('traces', 10).map((r) => r.id)).toEqual(['t2']);
    clock.advance(4_999);
    expect(stream.receive('traces', 10).map((r) => r.id)).toEqual(['t2']);
    clock.advance(1);
    expect(stream.receive('traces', 10).map((r) => [r.id, r.attempts])).toEqual([['t1', 1], ['t2', 0]]);
    expect(stream.pending('traces')).toBe(2);
  });

  it('moves dead letters out of the queue with their reason, attempts and data', async () => {
    await stream.put('logs', [envelopeRecord('bad', { x: 1 })]);
    const [bad] = stream.receive('logs', 1);
    stream.retry('logs', [bad.seq], 0);
    stream.deadLetter('logs', [bad.seq], 'unparseable body');
    expect(stream.pending('logs')).toBe(0);
    expect(stream.receive('logs', 10)).toEqual([]);
    const dead = stream.deadLetters('logs');
    expect(dead).toEqual([{ seq: bad.seq, id: 'bad', reason: 'unparseable body', attempts: 1, data: expect.any(Uint8Array) }]);
    expect(Buffer.from(dead[0].data).equals(Buffer.from(bad.data))).toBe(true);
    expect(stream.deadLetters('metrics')).toEqual([]);
  });

  it('keeps queued records across a reopen of the file (durable put)', async () => {
    const t = tempDatabase();
    const s1 = new SqliteTelemetryStream(t.db);
    await s1.put('logs', [envelopeRecord('durable', 1)]);
    t.db.close();
    const db2 = openDatabase(t.file);
    expect(new SqliteTelemetryStream(db2).receive('logs', 10).map((r) => r.id)).toEqual(['durable']);
    db2.close();
    await t.cleanup().catch(() => undefined);
  });
});
