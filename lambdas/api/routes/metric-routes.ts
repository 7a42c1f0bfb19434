import type { Sample } from '../../core/domain/series';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { parseLabelFilter } from '../params/metric-selector';
import { timeRangeOf } from '../params/time-range';

/** JSON has no NaN or infinities: those travel as the strings Prometheus uses. */
export function sampleValue(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

const presentSample = (s: Sample) => ({ timestamp: formatMillis(s.timestamp), value: sampleValue(s.value) });

/** Metric reading operations backed by the MetricStore (raw series; PromQL comes with its capability). */
export const metricRoutes: Readonly<Record<string, RouteHandler>> = {
  async listMetrics({ ports, params }) {
    const names = await ports.metrics.labelValues('__name__', { matchers: [], range: timeRangeOf(params, ports.clock.now()) });
    return jsonResponse(200, { items: names.map((name) => ({ name })) });
  },
  async getMetricSeries({ ports, params }) {
    const metric = params.metric as string;
    const filters = ((params.label as string[] | undefined) ?? []).map(parseLabelFilter);
    const series = await ports.metrics.select({
      matchers: [{ name: '__name__', op: '=', value: metric }, ...filters],
      range: timeRangeOf(params, ports.clock.now()),
      limit: params.limit as number | undefined,
    });
    return jsonResponse(200, { metric, items: series.map((s) => ({ labels: s.labels, samples: s.samples.map(presentSample) })) });
  },
};
