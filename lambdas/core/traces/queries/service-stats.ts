import type { Series, TimeRange } from '../../domain/series';
import { counterIncrease } from './counter-increase';
import { histogramQuantile } from './histogram-quantile';

/** One service's request statistics over a range. */
export interface ServiceStats {
  readonly name: string;
  /** Requests counted (server and consumer spans; every span when the service has none). */
  readonly calls: number;
  readonly errors: number;
  /** Requests per second over the range. */
  readonly requestRate: number;
  /** errors / calls; 0 without calls. */
  readonly errorRatio: number;
  /** Latency quantiles, milliseconds (null without calls). */
  readonly latencyMs: { readonly p50: number | null; readonly p95: number | null; readonly p99: number | null };
}

const ENTRY_KINDS = new Set(['SPAN_KIND_SERVER', 'SPAN_KIND_CONSUMER']);

interface Acc {
  entry: { calls: number; errors: number; buckets: Map<number, number> };
  all: { calls: number; errors: number; buckets: Map<number, number> };
}

/**
 * Per-service statistics from Tempo span-metrics series (`traces_spanmetrics_calls_total` and
 * `traces_spanmetrics_latency_bucket`, any extra labels summed away): counter increases over
 * the range, quantiles by histogram interpolation. A service's requests are its server and
 * consumer spans, so a call that crosses it is counted once; a service with neither (a batch
 * job, a client-only tool) is measured on all its spans. Sorted by name.
 */
export function serviceStats(calls: readonly Series[], latencyBuckets: readonly Series[], range: TimeRange): ServiceStats[] {
  const acc = new Map<string, Acc>();
  const get = (service: string): Acc => {
    let a = acc.get(service);
    if (!a) acc.set(service, (a = { entry: { calls: 0, errors: 0, buckets: new Map() }, all: { calls: 0, errors: 0, buckets: new Map() } }));
    return a;
  };
  for (const s of calls) {
    const n = counterIncrease(s.samples, range);
    const a = get(s.labels.service ?? '');
    const error = s.labels.status_code === 'STATUS_CODE_ERROR';
    for (const part of ENTRY_KINDS.has(s.labels.span_kind) ? [a.entry, a.all] : [a.all]) {
      part.calls += n;
      if (error) part.errors += n;
    }
  }
  for (const s of latencyBuckets) {
    const n = counterIncrease(s.samples, range);
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    const a = get(s.labels.service ?? '');
    for (const part of ENTRY_KINDS.has(s.labels.span_kind) ? [a.entry, a.all] : [a.all]) part.buckets.set(le, (part.buckets.get(le) ?? 0) + n);
  }
  const seconds = Math.max(1, (range.end - range.start) / 1000);
  return [...acc]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, a]) => {
      const part = a.entry.calls > 0 ? a.entry : a.all;
      const buckets = [...part.buckets].sort((x, y) => x[0] - y[0]).map(([le, count]) => ({ le, count }));
      const q = (p: number) => {
        const v = histogramQuantile(p, buckets);
        return Number.isNaN(v) ? null : Math.round(v * 1e6) / 1e3;
      };
      return {
        name,
        calls: part.calls,
        errors: part.errors,
        requestRate: part.calls / seconds,
        errorRatio: part.calls > 0 ? part.errors / part.calls : 0,
        latencyMs: { p50: q(0.5), p95: q(0.95), p99: q(0.99) },
      };
    });
}
