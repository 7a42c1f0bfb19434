import type { TimeRange } from '../domain/series';
import type { Ports } from '../ports';
import { TEMPO_METRIC } from '../traces/span-metrics/tempo-labels';
import { histogramObservations } from './histogram-observations';
import { performanceBaselines, type DeploymentEvent, type OperationBenchmark, type OperationObservation } from './performance-baselines';

/** State-store kind of deployment events; ids start with the RFC 3339 time so they list in time order. */
export const DEPLOYMENT_KIND = 'deployment';
/** Most traces read for one benchmark answer. */
const MAX_TRACES = 20_000;
const PAGE = 1000;

/** Deployment events whose time falls in the range. */
export async function deploymentsIn(ports: Pick<Ports, 'state'>, range: TimeRange): Promise<DeploymentEvent[]> {
  const out: DeploymentEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.state.list<DeploymentEvent>(DEPLOYMENT_KIND, { limit: 1000, cursor });
    for (const item of page.items) if (item.value.time >= range.start && item.value.time <= range.end) out.push({ ...item.value, id: item.id });
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Root-span observations (service, operation, duration, error) of the traces in the range, newest first up to {@link MAX_TRACES}. */
export async function rootObservations(ports: Pick<Ports, 'traces'>, range: TimeRange, service?: string): Promise<{ observations: OperationObservation[]; truncated: boolean }> {
  const observations: OperationObservation[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.traces.searchTraces({ range, service, limit: PAGE, cursor });
    for (const t of page.items) {
      if (service && t.rootService !== service) continue;
      observations.push({ service: t.rootService, operation: t.rootName, timestamp: t.startTime / 1000, durationMs: t.duration / 1000, error: t.errorCount > 0 });
    }
    cursor = page.nextCursor;
  } while (cursor && observations.length < MAX_TRACES);
  return { observations, truncated: cursor !== undefined };
}

/**
 * Pseudo-observations from the span-metrics histograms for the (service, operation) pairs the
 * stored traces do not cover (spans dropped by sampling, or a store without search).
 */
async function spanMetricObservations(ports: Pick<Ports, 'metrics'>, range: TimeRange, covered: ReadonlySet<string>, service?: string): Promise<OperationObservation[]> {
  const matchers = [{ name: '__name__', op: '=' as const, value: `${TEMPO_METRIC.spanLatency}_bucket` }, ...(service ? [{ name: 'service', op: '=' as const, value: service }] : [])];
  // One step before the range gives the first interval its starting count.
  const series = await ports.metrics.select({ matchers, range: { start: range.start - 5 * 60_000, end: range.end }, limit: 20_000 });
  return histogramObservations(series).filter((o) => !covered.has(`${o.service}\u0000${o.operation}`) && o.timestamp >= range.start);
}

/** What {@link benchmarksIn} answers: the benchmarks, and whether the trace read stopped at its cap. */
export interface BenchmarksResult {
  readonly items: OperationBenchmark[];
  readonly truncated: boolean;
}

/**
 * The benchmarks of a range exactly as `GET /monitoring/benchmarks` computes them: root spans
 * (plus span-metric pseudo-observations for uncovered operations), split at each service's
 * latest of `deployments` in the range (else the last `windowMs`), with the regression verdict.
 * Shared with the deployment-regression job so both give the same verdict.
 */
export async function benchmarksIn(ports: Pick<Ports, 'traces' | 'metrics'>, range: TimeRange, deployments: readonly DeploymentEvent[], options: { service?: string; windowMs?: number } = {}): Promise<BenchmarksResult> {
  const { observations: roots, truncated } = await rootObservations(ports, range, options.service);
  const covered = new Set(roots.map((o) => `${o.service}\u0000${o.operation}`));
  const observations = [...roots, ...(await spanMetricObservations(ports, range, covered, options.service))];
  return { items: performanceBaselines(observations, deployments, { start: range.start, end: range.end, currentWindowMs: options.windowMs }), truncated };
}
