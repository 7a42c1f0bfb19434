import type { Series, TimeRange } from '../../core/domain/series';
import type { Ports } from '../../core/ports';
import { graphFromSeries } from '../../core/traces/queries/graph-from-series';
import { serviceStats, type ServiceStats } from '../../core/traces/queries/service-stats';
import type { DependencyGraph } from '../../core/traces/service-graph/dependency-graph-builder';
import { TEMPO_METRIC } from '../../core/traces/span-metrics/tempo-labels';

/** Most series read per metric name for one answer. */
const SERIES_LIMIT = 50_000;

/**
 * Counters need their last sample before the range as a baseline, so the read starts one
 * range length (at least an hour) earlier.
 */
function withBaseline(range: TimeRange): TimeRange {
  return { start: range.start - Math.max(3_600_000, range.end - range.start), end: range.end };
}

function select(ports: Pick<Ports, 'metrics'>, name: string, range: TimeRange): Promise<Series[]> {
  return ports.metrics.select({ matchers: [{ name: '__name__', op: '=', value: name }], range: withBaseline(range), limit: SERIES_LIMIT });
}

/**
 * Every service seen in the range with its request rate, error ratio and latency quantiles,
 * from the span-metrics series the trace processor writes; services that only have stored
 * spans (their metrics not flushed yet) are listed with zero counts.
 */
export async function servicesWithStats(ports: Pick<Ports, 'metrics' | 'traces'>, range: TimeRange): Promise<ServiceStats[]> {
  const [calls, buckets, stored] = await Promise.all([
    select(ports, TEMPO_METRIC.spanCalls, range),
    select(ports, `${TEMPO_METRIC.spanLatency}_bucket`, range),
    ports.traces.services(range),
  ]);
  const stats = serviceStats(calls, buckets, range).filter((s) => s.calls > 0);
  const known = new Set(stats.map((s) => s.name));
  for (const name of stored) {
    if (!known.has(name)) stats.push({ name, calls: 0, errors: 0, requestRate: 0, errorRatio: 0, latencyMs: { p50: null, p95: null, p99: null } });
  }
  return stats.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The dependency graph over the range, from the service-graph series the trace processor writes. */
export async function dependencyGraph(ports: Pick<Ports, 'metrics'>, range: TimeRange): Promise<DependencyGraph> {
  const [total, failed, serverBuckets, serverSums] = await Promise.all([
    select(ports, TEMPO_METRIC.graphRequests, range),
    select(ports, TEMPO_METRIC.graphFailed, range),
    select(ports, `${TEMPO_METRIC.graphServerSeconds}_bucket`, range),
    select(ports, `${TEMPO_METRIC.graphServerSeconds}_sum`, range),
  ]);
  return graphFromSeries({ total, failed, serverBuckets, serverSums }, range);
}
