import { PlatformError } from '../../core/domain/errors';
import type { LabelMatcher, Sample } from '../../core/domain/series';
import { rangeQuery } from '../../core/promql/engine';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { parseLabelFilter } from '../params/metric-selector';
import { parsePrometheusDuration } from '../params/prometheus-duration';
import { timeRangeOf } from '../params/time-range';
import { listMetrics } from './metric-catalogue';

/** JSON has no NaN or infinities: those travel as the strings Prometheus uses. */
export function sampleValue(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

const presentSample = (s: Sample) => ({ timestamp: formatMillis(s.timestamp), value: sampleValue(s.value) });

/** Aggregations `GET /monitoring/metrics/{metric}` offers. */
export const METRIC_AGGREGATIONS = ['sum', 'avg', 'min', 'max', 'count'] as const;

/** Most points one series of an aggregated answer may have (as Prometheus' range queries). */
const MAX_POINTS = 11_000;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A matcher as PromQL text (JSON string escaping is valid PromQL string escaping). */
function matcherText(m: LabelMatcher): string {
  return `${m.name}${m.op}${JSON.stringify(m.value)}`;
}

/**
 * The PromQL `GET /monitoring/metrics/{metric}` runs for its parameters: the selector with its
 * filters, `rate()` over a window of at least two steps when asked, then the aggregation by the
 * group-by labels.
 */
export function metricQuery(metric: string, filters: readonly LabelMatcher[], options: { aggregation?: string; by?: readonly string[]; rate?: boolean; stepMs: number }): string {
  for (const l of options.by ?? []) {
    if (!LABEL_NAME.test(l)) throw new PlatformError('invalid_argument', `by: ${JSON.stringify(l)} is not a label name`, [{ in: 'query', name: 'by', value: l }]);
  }
  let expr = `${metric}${filters.length > 0 ? `{${filters.map(matcherText).join(',')}}` : ''}`;
  if (options.rate) expr = `rate(${expr}[${Math.max(2 * options.stepMs, 60_000)}ms])`;
  if (options.aggregation) expr = `${options.aggregation} by (${(options.by ?? []).join(', ')}) (${expr})`;
  return expr;
}

function defaultStep(rangeMs: number): number {
  // About 240 points, at least 15 s, in whole seconds.
  return Math.max(15_000, Math.ceil(rangeMs / 240 / 1000) * 1000);
}

/** Metric reading operations: the catalogue, and one metric's series raw or aggregated per step. */
export const metricRoutes: Readonly<Record<string, RouteHandler>> = {
  listMetrics,
  async getMetricSeries({ ports, params }) {
    const metric = params.metric as string;
    const filters = ((params.label as string[] | undefined) ?? []).map(parseLabelFilter);
    const range = timeRangeOf(params, ports.clock.now());
    const aggregation = params.aggregation as string | undefined;
    const by = params.by as string[] | undefined;
    const rate = params.rate === true;
    if (params.step === undefined && !aggregation && !rate && !by) {
      const series = await ports.metrics.select({ matchers: [{ name: '__name__', op: '=', value: metric }, ...filters], range, limit: params.limit as number | undefined });
      return jsonResponse(200, { metric, items: series.map((s) => ({ labels: s.labels, samples: s.samples.map(presentSample) })) });
    }
    if (by && !aggregation) throw new PlatformError('invalid_argument', 'by needs an aggregation', [{ in: 'query', name: 'by' }]);
    const stepMs = params.step !== undefined ? parsePrometheusDuration(String(params.step), 'step') : defaultStep(range.end - range.start);
    if (stepMs <= 0 || (range.end - range.start) / stepMs > MAX_POINTS) {
      throw new PlatformError('invalid_argument', `step gives more than ${MAX_POINTS} points per series; use a larger step`, [{ in: 'query', name: 'step' }]);
    }
    const query = metricQuery(metric, filters, { aggregation, by, rate, stepMs });
    const start = Math.ceil(range.start / stepMs) * stepMs;
    const result = await rangeQuery(ports.metrics, query, start, Math.max(start, range.end), stepMs);
    const series = result.resultType === 'matrix' ? result.result : [];
    const limit = (params.limit as number | undefined) ?? series.length;
    return jsonResponse(200, {
      metric,
      query,
      step: `${stepMs / 1000}s`,
      items: series.slice(0, limit).map((s) => ({ labels: s.metric, samples: s.points.map(presentSample) })),
      ...(result.warnings.length > 0 && { warnings: result.warnings }),
    });
  },
};
