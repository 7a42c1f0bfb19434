import type { InstantSample, QueryFunction } from '../alerting/evaluation/query-function';
import type { Series } from '../domain/series';
import { anomalyScan } from './anomaly-scan';

/** Evaluates a PromQL range query (ms times), as the composition root can with the engine's `rangeQuery`. */
export type RangeSeriesFunction = (expr: string, start: number, end: number, step: number) => Promise<Series[]>;

/** Settings of {@link anomalyQueryFunction}. */
export interface AnomalyQueryOptions {
  /** History the detector reads before each evaluation time. @default 7 days */
  readonly historyMs?: number;
  /** Step the inner expression is evaluated at. @default 60 s */
  readonly stepMs?: number;
  /** How long after a window's last anomalous point the rule still returns the series. @default 5 minutes */
  readonly holdMs?: number;
  /** Detector warm-up, points. @default 150 */
  readonly warmup?: number;
}

const ANOMALY_EXPR = /^\s*anomaly\s*\(([\s\S]+)\)\s*$/;

/** The inner PromQL of an `anomaly(<expr>)` rule expression, or undefined for any other expression. */
export function anomalyInnerExpr(expr: string): string | undefined {
  return ANOMALY_EXPR.exec(expr)?.[1].trim();
}

/**
 * The `anomaly` alert-rule type as a query function: an alerting rule whose `expr` is
 * `anomaly(<promql>)` returns, at each evaluation, the series of `<promql>` that the streaming
 * detector finds in an anomaly window at that time (value = the window's score, labels = the
 * series' labels without `__name__`), so `for`, labels, annotations, grouping and notification
 * work as for any alerting rule. Every other expression goes to `base` unchanged. Wire it where
 * the alert evaluator's QueryFunction is built: `anomalyQueryFunction(query, rangeSeries)`.
 */
export function anomalyQueryFunction(base: QueryFunction, range: RangeSeriesFunction, options: AnomalyQueryOptions = {}): QueryFunction {
  const historyMs = options.historyMs ?? 7 * 86_400_000;
  const stepMs = options.stepMs ?? 60_000;
  const holdMs = options.holdMs ?? 5 * 60_000;
  return async (expr, time) => {
    const inner = anomalyInnerExpr(expr);
    if (inner === undefined) return base(expr, time);
    const end = Math.floor(time / stepMs) * stepMs;
    const series = await range(inner, end - historyMs, end, stepMs);
    const out: InstantSample[] = [];
    for (const s of series) {
      const { windows } = anomalyScan(s.samples, { from: end - holdMs, detector: { warmup: options.warmup ?? 150 } });
      const open = windows.find((w) => w.start <= time && time <= w.end + holdMs);
      if (!open) continue;
      const { __name__: _dropped, ...labels } = s.labels;
      out.push({ labels, value: open.score });
    }
    return out;
  };
}
