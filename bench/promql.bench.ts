import type { Series } from '../lambdas/core/domain/series';
import type { MetricSelection } from '../lambdas/core/ports/metric-store';
import { rangeQuery, type Queryable } from '../lambdas/core/promql/engine';
import { labelsMatch } from '../lambdas/core/promql/label-matcher';
import { parsePromql } from '../lambdas/core/promql/parser';
import { planSelections } from '../lambdas/core/promql/planner';
import { percentile, type BenchRow } from './bench-row';

const SERIES = 10_000;
const INTERVAL = 15_000;
const HOUR = 3_600_000;
const SAMPLES_PER_SERIES = (HOUR + 300_000) / INTERVAL + 1;
const QUERY = 'sum by (job) (rate(x[5m]))';

/** An in-memory store with binary search into each series' samples. */
class ArrayStore implements Queryable {
  /** Time spent inside select(), ms, so the engine's own share can be reported. */
  selectMs = 0;

  constructor(private readonly series: Series[]) {}

  async select(sel: MetricSelection): Promise<Series[]> {
    const t0 = performance.now();
    const out: Series[] = [];
    for (const s of this.series) {
      if (!labelsMatch(s.labels, sel.matchers)) continue;
      const lo = lowerBound(s.samples, sel.range.start);
      const hi = lowerBound(s.samples, sel.range.end + 1);
      if (hi > lo) out.push({ labels: s.labels, samples: s.samples.slice(lo, hi) });
    }
    this.selectMs += performance.now() - t0;
    return out;
  }
}

function lowerBound(samples: Series['samples'], t: number): number {
  let lo = 0, hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid].timestamp < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function buildSeries(): Series[] {
  const out: Series[] = [];
  for (let i = 0; i < SERIES; i++) {
    const samples = [];
    let v = 0;
    for (let p = 0; p < SAMPLES_PER_SERIES; p++) {
      v += 1 + ((i * 7 + p) % 5);
      samples.push({ timestamp: p * INTERVAL, value: v });
    }
    out.push({ labels: { __name__: 'x', job: `job-${i % 10}`, instance: `i-${i}` }, samples });
  }
  return out;
}

/** PromQL range query over 10,000 counters: latency percentiles and parse+plan time. */
export default async function bench(): Promise<BenchRow[]> {
  const store = new ArrayStore(buildSeries());
  const start = 300_000;
  const end = start + HOUR;
  const step = 15_000;
  const runs: number[] = [];
  const engineRuns: number[] = [];
  let groups = 0;
  for (let r = 0; r < 11; r++) {
    store.selectMs = 0;
    const t0 = performance.now();
    const res = await rangeQuery(store, QUERY, start, end, step);
    const dt = performance.now() - t0;
    // The first run warms up the JIT.
    if (r > 0) {
      runs.push(dt);
      engineRuns.push(dt - store.selectMs);
    }
    groups = res.resultType === 'matrix' ? res.result.length : 0;
  }
  if (groups !== 10) throw new Error(`expected 10 result series, got ${groups}`);
  const t0 = performance.now();
  const reps = 1000;
  for (let i = 0; i < reps; i++) {
    planSelections(parsePromql(QUERY), { start, step, count: 241 }, { lookbackDelta: 300_000, subqueryStep: 60_000, queryStart: start, queryEnd: end });
  }
  const planMs = (performance.now() - t0) / reps;
  return [
    { area: 'metrics', name: `promql ${QUERY} 10k series 1h@15s p50`, value: percentile(runs, 50), unit: 'ms' },
    { area: 'metrics', name: `promql ${QUERY} 10k series 1h@15s p95`, value: percentile(runs, 95), unit: 'ms' },
    { area: 'metrics', name: 'promql same query, engine only (store select excluded) p50', value: percentile(engineRuns, 50), unit: 'ms' },
    { area: 'metrics', name: 'promql parse+plan', value: planMs, unit: 'ms' },
  ];
}
