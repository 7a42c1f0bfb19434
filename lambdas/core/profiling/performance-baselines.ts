import { latencyRegression, type LatencyRegressionOptions } from '../anomaly/regression/latency-regression';
import { quantileSorted } from '../anomaly/robust-stats';

/** One timed request of an operation (a root span, a span, or a trace). */
export interface OperationObservation {
  readonly service: string;
  readonly operation: string;
  /** Unix ms. */
  readonly timestamp: number;
  readonly durationMs: number;
  readonly error: boolean;
}

/** A deployment event: a service's new version went live at `time` (Unix ms). */
export interface DeploymentEvent {
  readonly service: string;
  readonly version: string;
  readonly time: number;
  readonly id?: string;
}

/** Latency quantiles, throughput and error ratio of a window. */
export interface WindowStats {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  /** Requests per second over the window. */
  readonly throughput: number;
  readonly errorRatio: number | null;
}

/** The baseline and the current window of one (service, operation), and the verdict. */
export interface OperationBenchmark {
  readonly service: string;
  readonly operation: string;
  readonly baseline: WindowStats;
  readonly current: WindowStats;
  /** The deployment that splits the windows (the service's latest in the range), if any. */
  readonly deployment?: DeploymentEvent;
  readonly regressed: boolean;
  readonly reasons: readonly string[];
  readonly p95Ratio: number | null;
  readonly mannWhitneyP: number | null;
}

/** Settings of {@link performanceBaselines}. */
export interface BaselineOptions {
  /** The analysed range (Unix ms). */
  readonly start: number;
  readonly end: number;
  /**
   * Without a deployment in the range the current window is this last part of it (ms), and
   * the baseline the rest. @default half the range
   */
  readonly currentWindowMs?: number;
  readonly regression?: LatencyRegressionOptions;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

function stats(obs: readonly OperationObservation[], spanMs: number): WindowStats {
  const d = Float64Array.from(obs.map((o) => o.durationMs)).sort();
  const errors = obs.reduce((n, o) => n + (o.error ? 1 : 0), 0);
  return {
    count: obs.length,
    p50: obs.length ? finiteOrNull(quantileSorted(d, 0.5)) : null,
    p95: obs.length ? finiteOrNull(quantileSorted(d, 0.95)) : null,
    p99: obs.length ? finiteOrNull(quantileSorted(d, 0.99)) : null,
    throughput: spanMs > 0 ? obs.length / (spanMs / 1000) : 0,
    errorRatio: obs.length ? errors / obs.length : null,
  };
}

/**
 * Per (service, operation): the baseline window (before the service's latest deployment in the
 * range, or the range without its last `currentWindowMs`) against the current window after it,
 * with p50/p95/p99, throughput and error ratio of each, and a regression verdict from the
 * Mann-Whitney shift test and the bootstrap p95 ratio ({@link latencyRegression}).
 */
export function performanceBaselines(observations: readonly OperationObservation[], deployments: readonly DeploymentEvent[], options: BaselineOptions): OperationBenchmark[] {
  const groups = new Map<string, OperationObservation[]>();
  for (const o of observations) {
    if (o.timestamp < options.start || o.timestamp > options.end) continue;
    const key = `${o.service}\u0000${o.operation}`;
    const list = groups.get(key);
    if (list) list.push(o);
    else groups.set(key, [o]);
  }
  const latest = new Map<string, DeploymentEvent>();
  for (const d of deployments) {
    if (d.time < options.start || d.time > options.end) continue;
    const prev = latest.get(d.service);
    if (!prev || d.time > prev.time) latest.set(d.service, d);
  }
  const out: OperationBenchmark[] = [];
  for (const list of groups.values()) {
    const { service, operation } = list[0];
    const deployment = latest.get(service);
    const split = deployment?.time ?? options.end - (options.currentWindowMs ?? (options.end - options.start) / 2);
    const before = list.filter((o) => o.timestamp < split);
    const after = list.filter((o) => o.timestamp >= split);
    const verdict = latencyRegression(
      before.map((o) => o.durationMs),
      after.map((o) => o.durationMs),
      options.regression,
    );
    out.push({
      service,
      operation,
      baseline: stats(before, split - options.start),
      current: stats(after, options.end - split),
      ...(deployment && { deployment }),
      regressed: verdict.regressed,
      reasons: verdict.reasons,
      p95Ratio: finiteOrNull(verdict.p95Ratio),
      mannWhitneyP: finiteOrNull(verdict.mannWhitneyP),
    });
  }
  return out.sort((a, b) => Number(b.regressed) - Number(a.regressed) || a.service.localeCompare(b.service) || a.operation.localeCompare(b.operation));
}
