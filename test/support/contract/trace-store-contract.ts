import type { Span } from '../../../lambdas/core/domain/span';
import type { TraceQuery, TraceStore } from '../../../lambdas/core/ports/trace-store';
import type { TraceSummary } from '../../../lambdas/core/domain/span';
import { usePortHarness } from './port-harness';

/** What the TraceStore contract needs: a fresh, empty store. */
export interface TraceStoreHarness {
  readonly store: TraceStore;
  readonly cleanup?: () => Promise<void>;
}

/** Adapter differences the contract allows. */
export interface TraceStoreTraits {
  /** Whether span events (timestamped annotations) are kept. */
  readonly spanEvents: boolean;
}

/** Unix microseconds of the test epoch. */
export const TRACE_T0 = 1_700_000_000_000_000;
const range = { start: TRACE_T0 / 1000 - 60_000, end: TRACE_T0 / 1000 + 3_600_000 };

/** A span with sensible defaults; ids are hex as the domain requires. */
export function span(traceNo: number, spanNo: number, over: Partial<Span> = {}): Span {
  return {
    traceId: `${traceNo.toString(16).padStart(8, '0')}${'ab'.repeat(12)}`,
    spanId: `${traceNo.toString(16).padStart(8, '0')}${spanNo.toString(16).padStart(8, '0')}`,
    name: 'GET /cart',
    service: 'frontend',
    kind: 'server',
    startTime: TRACE_T0 + traceNo * 1_000_000,
    duration: 250_000,
    status: 'unset',
    attributes: {},
    resource: {},
    events: [],
    ...over,
  };
}

/** A trace: a frontend server span calling a cart client span and its cart server span. */
function trace(n: number, over: { error?: boolean; duration?: number; rootService?: string } = {}): Span[] {
  const root = span(n, 1, { duration: over.duration ?? 250_000, service: over.rootService ?? 'frontend' });
  const call = span(n, 2, { parentSpanId: root.spanId, name: 'POST /items', kind: 'client', startTime: root.startTime + 10_000, duration: 100_000 });
  const server = span(n, 3, {
    parentSpanId: call.spanId,
    name: 'POST /items',
    service: 'cart',
    startTime: root.startTime + 20_000,
    duration: 80_000,
    status: over.error ? 'error' : 'ok',
    ...(over.error && { statusMessage: 'out of stock' }),
  });
  return [root, call, server];
}

async function allSummaries(store: TraceStore, q: Omit<TraceQuery, 'cursor'>): Promise<TraceSummary[]> {
  const out: TraceSummary[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = await store.searchTraces({ ...q, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** Declares the behaviour every TraceStore adapter must have. `makeHarness` is called once per test. */
export function describeTraceStoreContract(
  name: string,
  makeHarness: () => Promise<TraceStoreHarness>,
  traits: TraceStoreTraits = { spanEvents: true },
): void {
  describe(`TraceStore contract: ${name}`, () => {
    let store: TraceStore;
    usePortHarness(makeHarness, (harness) => (store = harness.store), (harness) => harness.store);

    it('round-trips a trace in start order with every field', async () => {
      const spans = trace(1, { error: true });
      const rich: Span = {
        ...spans[0],
        attributes: { 'http.method': 'GET', 'http.status_code': 200, 'net.peer.name': 'cart' },
        resource: { 'service.version': '1.2.3' },
        events: traits.spanEvents ? [{ time: spans[0].startTime + 5, name: 'cache miss', attributes: { key: 'k1' } }] : [],
      };
      await store.putSpans([spans[2], rich, spans[1]]);
      expect(await store.getTrace(spans[0].traceId)).toEqual([rich, spans[1], spans[2]]);
      expect(await store.getTrace('ffffffffffffffffffffffffffffffff')).toEqual([]);
    });

    it('replaces a span delivered again', async () => {
      const [root] = trace(2);
      await store.putSpans([root]);
      await store.putSpans([{ ...root, name: 'GET /cart/v2' }]);
      const got = await store.getTrace(root.traceId);
      expect(got).toHaveLength(1);
      expect(got[0].name).toBe('GET /cart/v2');
    });

    it('summarises traces newest first with root, duration, counts and services', async () => {
      await store.putSpans([...trace(1), ...trace(2, { error: true, duration: 900_000 })]);
      const page = await store.searchTraces({ range });
      expect(page.items).toEqual([
        {
          traceId: trace(2)[0].traceId,
          rootService: 'frontend',
          rootName: 'GET /cart',
          startTime: TRACE_T0 + 2_000_000,
          duration: 900_000,
          spanCount: 3,
          errorCount: 1,
          services: ['cart', 'frontend'],
        },
        {
          traceId: trace(1)[0].traceId,
          rootService: 'frontend',
          rootName: 'GET /cart',
          startTime: TRACE_T0 + 1_000_000,
          duration: 250_000,
          spanCount: 3,
          errorCount: 0,
          services: ['cart', 'frontend'],
        },
      ]);
    });

    it('filters by service, operation, status, duration and range', async () => {
      await store.putSpans([...trace(1), ...trace(2, { error: true, duration: 900_000 }), ...trace(3, { rootService: 'admin' })]);
      const ids = (q: Partial<TraceQuery>) => allSummaries(store, { range, ...q }).then((s) => s.map((x) => parseInt(x.traceId.slice(0, 8), 16)));
      expect(await ids({ service: 'admin' })).toEqual([3]);
      expect(await ids({ service: 'cart' })).toEqual([3, 2, 1]);
      expect(await ids({ service: 'frontend', operation: 'GET /cart' })).toEqual([2, 1]);
      expect(await ids({ status: 'error' })).toEqual([2]);
      expect(await ids({ minDuration: 500_000 })).toEqual([2]);
      expect(await ids({ maxDuration: 500_000 })).toEqual([3, 1]);
      expect(await ids({ range: { start: (TRACE_T0 + 1_500_000) / 1000, end: (TRACE_T0 + 2_500_000) / 1000 } })).toEqual([2]);
    });

    it('pages through many traces with cursors', async () => {
      const spans = Array.from({ length: 12 }, (_, i) => trace(i + 1)).flat();
      await store.putSpans(spans);
      const first = await store.searchTraces({ range, limit: 5 });
      expect(first.items).toHaveLength(5);
      expect(first.nextCursor).toEqual(expect.any(String));
      const got = await allSummaries(store, { range, limit: 5 });
      expect(got.map((s) => parseInt(s.traceId.slice(0, 8), 16))).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    });

    it('lists services with spans in the range, sorted', async () => {
      await store.putSpans([...trace(1), ...trace(3, { rootService: 'admin' })]);
      expect(await store.services(range)).toEqual(['admin', 'cart', 'frontend']);
      expect(await store.services({ start: range.start, end: (TRACE_T0 + 2_000_000) / 1000 })).toEqual(['cart', 'frontend']);
    });
  });
}
