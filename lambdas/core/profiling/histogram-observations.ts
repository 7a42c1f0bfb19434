import type { Series } from '../domain/series';
import type { OperationObservation } from './performance-baselines';

/** Most pseudo-observations one step of one operation yields (counts beyond it are scaled down proportionally). */
const MAX_PER_STEP = 200;

interface Cell {
  service: string;
  operation: string;
  error: boolean;
  /** le (seconds) → samples of the cumulative bucket counter. */
  buckets: Map<number, Map<number, number>>;
}

/**
 * Turns span-metrics latency histograms (`traces_spanmetrics_latency_bucket{service, span_name,
 * status_code, le}`, cumulative counters) into pseudo-observations, for operations whose spans
 * are not stored: every scrape interval's increase of each bucket becomes that many requests at
 * the bucket's geometric middle (ms), timed at the scrape, so the same baseline and regression
 * analysis applies (at the histogram's resolution: a slowdown shows once it crosses buckets).
 */
export function histogramObservations(bucketSeries: readonly Series[]): OperationObservation[] {
  const cells = new Map<string, Cell>();
  for (const s of bucketSeries) {
    const { service, span_name: operation, status_code: status, le } = s.labels;
    if (!service || !operation || le === undefined) continue;
    const key = `${service}\u0000${operation}\u0000${status ?? ''}`;
    const cell = cells.get(key) ?? { service, operation, error: status === 'STATUS_CODE_ERROR', buckets: new Map() };
    const bound = le === '+Inf' ? Infinity : Number(le);
    const samples = cell.buckets.get(bound) ?? new Map<number, number>();
    for (const p of s.samples) if (Number.isFinite(p.value)) samples.set(p.timestamp, p.value);
    cell.buckets.set(bound, samples);
    cells.set(key, cell);
  }
  const out: OperationObservation[] = [];
  for (const cell of cells.values()) {
    const bounds = [...cell.buckets.keys()].sort((a, b) => a - b);
    const times = [...new Set(bounds.flatMap((b) => [...cell.buckets.get(b)!.keys()]))].sort((a, b) => a - b);
    for (let k = 1; k < times.length; k++) {
      // Per-bucket (non-cumulative) increases over the interval; a counter reset counts from zero.
      const increases: number[] = [];
      let below = 0;
      for (const b of bounds) {
        const series = cell.buckets.get(b)!;
        const now = series.get(times[k]);
        const before = series.get(times[k - 1]);
        const inc = now === undefined ? 0 : before === undefined || now < before ? now : now - before;
        increases.push(Math.max(0, inc - below));
        below = Math.max(below, inc);
      }
      const total = increases.reduce((a, b) => a + b, 0);
      const scale = total > MAX_PER_STEP ? MAX_PER_STEP / total : 1;
      increases.forEach((n, i) => {
        const upper = bounds[i];
        const lower = i > 0 ? bounds[i - 1] : upper / 2;
        const middle = Number.isFinite(upper) ? Math.sqrt(Math.max(lower, 1e-6) * upper) : lower * 1.5;
        for (let j = 0; j < Math.round(n * scale); j++) out.push({ service: cell.service, operation: cell.operation, timestamp: times[k], durationMs: middle * 1000, error: cell.error });
      });
    }
  }
  return out;
}
