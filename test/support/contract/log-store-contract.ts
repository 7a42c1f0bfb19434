import type { LogRecord } from '../../../lambdas/core/domain/log-record';
import type { LogQuery, LogStore } from '../../../lambdas/core/ports/log-store';
import { usePortHarness } from './port-harness';

/** What the LogStore contract needs: a fresh, empty store. */
export interface LogStoreHarness {
  readonly store: LogStore;
  readonly cleanup?: () => Promise<void>;
}

/** Adapter differences the contract allows. */
export interface LogStoreTraits {
  /** Whether `streams()` knows record counts (CloudWatch's DescribeLogStreams does not). */
  readonly streamCounts: boolean;
}

const T0 = 1_700_000_000_000;
const range = { start: T0 - 60_000, end: T0 + 3_600_000 };

function rec(i: number, over: Partial<LogRecord> = {}): LogRecord {
  return {
    id: `rec-${String(i).padStart(4, '0')}`,
    timestamp: T0 + i * 1_000,
    service: 'checkout',
    source: 'app',
    level: 'info',
    message: `request ${i} served`,
    attributes: {},
    ...over,
  };
}

async function all(store: LogStore, q: Omit<LogQuery, 'cursor'>): Promise<LogRecord[]> {
  const out: LogRecord[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await store.query({ ...q, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** Declares the behaviour every LogStore adapter must have. `makeHarness` is called once per test. */
export function describeLogStoreContract(
  name: string,
  makeHarness: () => Promise<LogStoreHarness>,
  traits: LogStoreTraits = { streamCounts: true },
): void {
  describe(`LogStore contract: ${name}`, () => {
    let store: LogStore;
    usePortHarness(makeHarness, (harness) => (store = harness.store), (harness) => harness.store);

    it('round-trips every field and answers newest first by default', async () => {
      const full = rec(2, {
        level: 'error',
        message: 'payment failed: card declined',
        attributes: { http: { status: 402 }, user: 'alice', tags: ['a', 'b'] },
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        patternId: 'p-17',
      });
      const bare: LogRecord = { id: 'bare', timestamp: T0 + 1_000, service: 'web', level: 'unknown', message: 'x', attributes: {} };
      await store.append([rec(0), bare, full]);
      const page = await store.query({ range });
      expect(page.items).toEqual([full, bare, rec(0)]);
      expect(page.nextCursor).toBeUndefined();
      expect((await store.query({ range, order: 'asc' })).items.map((r) => r.id)).toEqual(['rec-0000', 'bare', 'rec-0002']);
    });

    it('skips a record whose id is already stored', async () => {
      await store.append([rec(1), rec(2)]);
      await store.append([rec(1)]);
      await store.append([rec(2), rec(3)]);
      expect((await all(store, { range })).map((r) => r.id)).toEqual(['rec-0003', 'rec-0002', 'rec-0001']);
    });

    it('filters by closed time range, service, level and trace id', async () => {
      await store.append([
        rec(0),
        rec(1, { service: 'cart', level: 'warn' }),
        rec(2, { level: 'error', traceId: 'aaaa0000aaaa0000aaaa0000aaaa0000' }),
        rec(3, { service: 'cart', level: 'error', traceId: 'aaaa0000aaaa0000aaaa0000aaaa0000' }),
      ]);
      const ids = (q: Partial<LogQuery>) => all(store, { range, ...q }).then((rs) => rs.map((r) => r.id));
      expect(await ids({ range: { start: T0 + 1_000, end: T0 + 2_000 } })).toEqual(['rec-0002', 'rec-0001']);
      expect(await ids({ service: 'cart' })).toEqual(['rec-0003', 'rec-0001']);
      expect(await ids({ level: 'error' })).toEqual(['rec-0003', 'rec-0002']);
      expect(await ids({ level: 'error', service: 'checkout' })).toEqual(['rec-0002']);
      expect(await ids({ traceId: 'aaaa0000aaaa0000aaaa0000aaaa0000', service: 'cart' })).toEqual(['rec-0003']);
      expect(await ids({ service: 'nobody' })).toEqual([]);
    });

    it('finds records by text: every term must occur, in the message or the attributes', async () => {
      await store.append([
        rec(0, { message: 'connection refused by upstream db-1' }),
        rec(1, { message: 'connection reset by peer' }),
        rec(2, { message: 'all good', attributes: { user: 'alice' } }),
        rec(3, { message: 'timeout talking to db-1', service: 'cart' }),
      ]);
      const ids = (text: string, extra: Partial<LogQuery> = {}) => all(store, { range, text, ...extra }).then((rs) => rs.map((r) => r.id));
      expect(await ids('refused')).toEqual(['rec-0000']);
      expect(await ids('connection')).toEqual(['rec-0001', 'rec-0000']);
      expect(await ids('connection upstream')).toEqual(['rec-0000']);
      expect(await ids('db-1')).toEqual(['rec-0003', 'rec-0000']);
      expect(await ids('db-1', { service: 'cart' })).toEqual(['rec-0003']);
      expect(await ids('alice')).toEqual(['rec-0002']);
      expect(await ids('nothing-like-this')).toEqual([]);
    });

    it('pages with opaque cursors without losing or repeating records, in both orders', async () => {
      const records = Array.from({ length: 25 }, (_, i) => rec(i, { service: i % 5 === 0 ? 'cart' : 'checkout' }));
      // Two records share a timestamp, so paging must not rely on time alone.
      records.push({ ...rec(7), id: 'same-time' });
      await store.append(records);
      const first = await store.query({ range, limit: 10 });
      expect(first.items).toHaveLength(10);
      expect(first.nextCursor).toEqual(expect.any(String));
      const desc = await all(store, { range, limit: 10 });
      expect(desc).toHaveLength(26);
      expect(new Set(desc.map((r) => r.id)).size).toBe(26);
      expect(desc.map((r) => r.timestamp)).toEqual([...desc.map((r) => r.timestamp)].sort((a, b) => b - a));
      const asc = await all(store, { range, limit: 7, order: 'asc' });
      expect(asc.map((r) => r.id).sort()).toEqual(desc.map((r) => r.id).sort());
      expect(asc.map((r) => r.timestamp)).toEqual([...asc.map((r) => r.timestamp)].sort((a, b) => a - b));
      expect((await all(store, { range, limit: 2, service: 'cart' })).map((r) => r.id)).toEqual(['rec-0020', 'rec-0015', 'rec-0010', 'rec-0005', 'rec-0000']);
    });

    it('rejects a cursor it did not make', async () => {
      await expect(store.query({ range, cursor: '%%%' })).rejects.toMatchObject({ status: 400 });
    });

    it('lists (service, source) streams with their last timestamp', async () => {
      await store.append([
        rec(0),
        rec(1),
        rec(2, { source: 'nginx' }),
        rec(3, { service: 'cart', source: 'app' }),
        rec(100, { service: 'late', source: 'app' }),
      ]);
      const streams = await store.streams({ start: T0, end: T0 + 10_000 });
      const simplified = streams.map((s) => ({ service: s.service, source: s.source, lastTimestamp: s.lastTimestamp }));
      expect(simplified).toEqual([
        { service: 'cart', source: 'app', lastTimestamp: T0 + 3_000 },
        { service: 'checkout', source: 'app', lastTimestamp: T0 + 1_000 },
        { service: 'checkout', source: 'nginx', lastTimestamp: T0 + 2_000 },
      ]);
      if (traits.streamCounts) expect(streams.map((s) => s.count)).toEqual([1, 2, 1]);
    });
  });
}
