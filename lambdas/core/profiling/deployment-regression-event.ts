import { LATENCY_REGRESSION_DEFAULTS, type LatencyRegressionOptions } from '../anomaly/regression/latency-regression';
import type { TimeRange } from '../domain/series';
import type { IntegrationEvent } from '../integrations/integration-event';
import type { DeploymentEvent, OperationBenchmark } from './performance-baselines';

/** Windows of a post-deployment check (Unix ms durations). */
export interface DeploymentCheckWindows {
  /** Baseline before the deployment. */
  readonly baselineMs: number;
  /** Window after the deployment that the verdict judges. */
  readonly windowMs: number;
  /** Wait after the window ends before judging, so late spans (tail sampling, batching) are in. */
  readonly settleMs: number;
}

/**
 * The range whose benchmark judges `deployment`: `baselineMs` before it to `windowMs` after it,
 * cut just before the service's next deployment (so this one stays the latest in the range, as
 * the read API requires to split there). Undefined while the window is not complete at `now`.
 */
export function deploymentCheckRange(deployment: DeploymentEvent, deployments: readonly DeploymentEvent[], now: number, windows: DeploymentCheckWindows): TimeRange | undefined {
  let end = deployment.time + windows.windowMs;
  for (const d of deployments) {
    if (d.service === deployment.service && d.time > deployment.time && d.time - 1 < end) end = d.time - 1;
  }
  if (now < end + windows.settleMs) return undefined;
  return { start: deployment.time - windows.baselineMs, end };
}

/** The event id of a regressed (deployment, service): deterministic, so runs and receivers deduplicate on it. */
export function deploymentRegressionEventId(deploymentId: string, service: string): string {
  return `deployment-regressed-${deploymentId}-${service}`;
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));
const changePercent = (b: OperationBenchmark): number | null =>
  b.baseline.p95 !== null && b.current.p95 !== null && b.baseline.p95 > 0 ? round(((b.current.p95 - b.baseline.p95) / b.baseline.p95) * 100, 2) : null;

/**
 * The `deployment.regressed` event for a deployment, from the benchmarks of its check range
 * ({@link deploymentCheckRange}); undefined when none of the service's operations regressed.
 * The headline is the regressed operation whose p95 grew most; every regressed operation is
 * listed too. `regression` are the verdict's settings (defaults when absent), reported as the
 * threshold.
 */
export function deploymentRegressionEvent(
  deployment: DeploymentEvent & { readonly id: string },
  benchmarks: readonly OperationBenchmark[],
  range: TimeRange,
  now: number,
  regression: LatencyRegressionOptions = {},
): IntegrationEvent | undefined {
  const regressed = benchmarks.filter((b) => b.service === deployment.service && b.regressed);
  if (!regressed.length) return undefined;
  const operations = regressed
    .map((b) => ({ operation: b.operation, baseline: b.baseline.p95, current: b.current.p95, changePercent: changePercent(b), p95Ratio: b.p95Ratio, mannWhitneyP: b.mannWhitneyP, baselineCount: b.baseline.count, currentCount: b.current.count, reasons: b.reasons }))
    .sort((a, b) => (b.changePercent ?? -Infinity) - (a.changePercent ?? -Infinity) || a.operation.localeCompare(b.operation));
  const head = operations[0];
  const from = new Date(range.start).toISOString();
  const to = new Date(range.end).toISOString();
  const minRelativeChange = regression.minRelativeChange ?? LATENCY_REGRESSION_DEFAULTS.minRelativeChange;
  return {
    type: 'deployment.regressed',
    id: deploymentRegressionEventId(deployment.id, deployment.service),
    occurredAt: now,
    service: deployment.service,
    data: {
      deploymentId: deployment.id,
      version: deployment.version,
      deployedAt: new Date(deployment.time).toISOString(),
      metric: 'latency',
      unit: 'ms',
      percentile: 'p95',
      operation: head.operation,
      baseline: head.baseline,
      current: head.current,
      changePercent: head.changePercent,
      threshold: { minRelativeChange, minChangePercent: round(minRelativeChange * 100, 2), alpha: regression.alpha ?? LATENCY_REGRESSION_DEFAULTS.alpha },
      reasons: head.reasons,
      operations,
      window: { from, deployedAt: new Date(deployment.time).toISOString(), to },
      link: `/monitoring/benchmarks?service=${encodeURIComponent(deployment.service)}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    },
  };
}
