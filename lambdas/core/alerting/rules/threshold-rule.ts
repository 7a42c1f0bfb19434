import { parseDuration } from '../duration';
import type { FieldError } from './rule';

/** Comparison of a threshold rule. */
export type ThresholdOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** Aggregation across series: a PromQL aggregation operator, optionally grouped `by` labels. */
export type ThresholdAggregation =
  | 'sum' | 'avg' | 'min' | 'max' | 'count'
  | { readonly op: 'sum' | 'avg' | 'min' | 'max' | 'count'; readonly by?: readonly string[] };

/** A shorthand rule for the common case "metric X (optionally aggregated) crosses a value". */
export interface ThresholdRuleInput {
  readonly metric: string;
  /** Equality matchers on the metric. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly op: ThresholdOp;
  readonly threshold: number;
  readonly aggregation?: ThresholdAggregation;
  /** A range over which each series is first reduced, e.g. `5m`. */
  readonly window?: string;
  /** How a window is reduced; `rate` and `increase` suit counters. Default `avg`. */
  readonly windowFunction?: 'avg' | 'min' | 'max' | 'sum' | 'count' | 'last' | 'rate' | 'increase';
}

/** The PromQL text of a threshold rule, or the errors that prevent building it. */
export interface ThresholdCompilation {
  readonly expr?: string;
  readonly errors: FieldError[];
}

const OPS: readonly string[] = ['>', '>=', '<', '<=', '==', '!='];
const AGGS: readonly string[] = ['sum', 'avg', 'min', 'max', 'count'];
const WINDOW_FNS: readonly string[] = ['avg', 'min', 'max', 'sum', 'count', 'last', 'rate', 'increase'];
const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Compiles a threshold rule to PromQL text such as `sum by (service) (rate(errors_total{env="prod"}[5m])) > 10`. */
export function compileThresholdRule(input: ThresholdRuleInput): ThresholdCompilation {
  const errors: FieldError[] = [];
  if (typeof input.metric !== 'string' || !METRIC.test(input.metric)) errors.push({ field: 'metric', message: 'must be a valid metric name' });
  if (!OPS.includes(input.op)) errors.push({ field: 'op', message: `must be one of ${OPS.join(' ')}` });
  if (typeof input.threshold !== 'number' || Number.isNaN(input.threshold)) errors.push({ field: 'threshold', message: 'must be a number' });
  for (const k of Object.keys(input.labels ?? {})) {
    if (!LABEL.test(k)) errors.push({ field: `labels.${k}`, message: 'not a valid label name' });
  }
  if (input.window !== undefined) {
    try {
      if (parseDuration(input.window) <= 0) errors.push({ field: 'window', message: 'must be greater than zero' });
    } catch {
      errors.push({ field: 'window', message: `"${input.window}" is not a duration` });
    }
  }
  const fn = input.windowFunction ?? 'avg';
  if (!WINDOW_FNS.includes(fn)) errors.push({ field: 'windowFunction', message: `must be one of ${WINDOW_FNS.join(', ')}` });
  if (input.windowFunction !== undefined && input.window === undefined) errors.push({ field: 'windowFunction', message: 'needs a window' });
  const agg = input.aggregation === undefined ? undefined : typeof input.aggregation === 'string' ? { op: input.aggregation, by: [] } : input.aggregation;
  if (agg && !AGGS.includes(agg.op)) errors.push({ field: 'aggregation', message: `must be one of ${AGGS.join(', ')}` });
  for (const l of agg?.by ?? []) if (!LABEL.test(l)) errors.push({ field: 'aggregation.by', message: `"${l}" is not a valid label name` });
  if (errors.length > 0) return { errors };

  const matchers = Object.entries(input.labels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  let expr = matchers.length ? `${input.metric}{${matchers.join(', ')}}` : input.metric;
  if (input.window !== undefined) {
    const range = `${expr}[${input.window}]`;
    expr = fn === 'rate' || fn === 'increase' ? `${fn}(${range})` : `${fn}_over_time(${range})`;
  }
  if (agg) expr = agg.by && agg.by.length ? `${agg.op} by (${agg.by.join(', ')}) (${expr})` : `${agg.op}(${expr})`;
  return { expr: `${expr} ${input.op} ${formatNumber(input.threshold)}`, errors };
}

function formatNumber(n: number): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}
