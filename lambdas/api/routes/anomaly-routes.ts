import { anomalyScan } from '../../core/anomaly/anomaly-scan';
import { PlatformError } from '../../core/domain/errors';
import type { Series } from '../../core/domain/series';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { parseLabelFilter } from '../params/metric-selector';
import { parsePrometheusDuration } from '../params/prometheus-duration';
import { timeRangeOf } from '../params/time-range';
import { querySeries, stepOf } from './capacity-query';

/** Most series one anomaly answer scores. */
export const MAX_ANOMALY_SERIES = 100;
/** Points the detector sees before it may score (NAB's probationary period for a 1,000-point file). */
const DEFAULT_WARMUP = 150;
const DAY_MS = 86_400_000;
const MAX_HISTORY_MS = 28 * DAY_MS;

/**
 * `GET /monitoring/metrics/{metric}/anomalies`: scores the metric's series (or the `query=` PromQL
 * result) with the streaming detector and answers the anomaly windows `{ start, end, score }`
 * that reach into the range. The detector first reads `history` before the range (default: three
 * times the range, at least a day, at most 28 days) so it scores the range warm. Without `query`
 * and `step` the raw samples are scored; with either, the series evaluated at each step.
 */
const getMetricAnomalies: RouteHandler = async ({ ports, params }) => {
  const metric = params.metric as string;
  const range = timeRangeOf(params, ports.clock.now());
  const rangeMs = range.end - range.start;
  const historyMs = params.history !== undefined ? parsePrometheusDuration(String(params.history), 'history') : Math.min(MAX_HISTORY_MS, Math.max(DAY_MS, 3 * rangeMs));
  const warmup = (params.warmup as number | undefined) ?? DEFAULT_WARMUP;
  const limit = Math.min(MAX_ANOMALY_SERIES, (params.limit as number | undefined) ?? MAX_ANOMALY_SERIES);
  const readFrom = range.start - historyMs;
  const query = typeof params.query === 'string' && params.query.trim() ? params.query.trim() : undefined;
  const filters = ((params.label as string[] | undefined) ?? []).map(parseLabelFilter);
  let series: Series[];
  let step: string | undefined;
  let warnings: string[] = [];
  if (query === undefined && params.step === undefined) {
    series = await ports.metrics.select({ matchers: [{ name: '__name__', op: '=', value: metric }, ...filters], range: { start: readFrom, end: range.end }, limit: limit + 1 });
  } else {
    if (query === undefined && filters.length > 0) throw new PlatformError('invalid_argument', 'label filters go into the query when step is given; use query=', [{ in: 'query', name: 'label' }]);
    const stepMs = stepOf(params, range.end - readFrom, 4000);
    step = `${stepMs / 1000}s`;
    ({ series, warnings } = await querySeries(ports, query ?? metric, readFrom, range.end, stepMs));
  }
  const items = series.slice(0, limit).map((s) => {
    const scan = anomalyScan(s.samples, { from: range.start, detector: { warmup } });
    return {
      labels: s.labels,
      points: scan.pointsInRange,
      historyPoints: scan.points - scan.pointsInRange,
      seasonPoints: scan.period,
      anomalies: scan.windows.map((w) => ({ start: formatMillis(w.start), end: formatMillis(w.end), score: w.score })),
    };
  });
  return jsonResponse(200, {
    metric,
    ...(query !== undefined && { query }),
    ...(step !== undefined && { step }),
    from: formatMillis(range.start),
    to: formatMillis(range.end),
    warmup,
    items,
    ...(series.length > limit && { truncated: true }),
    ...(warnings.length > 0 && { warnings }),
  });
};

/** Anomaly operations. */
export const anomalyRoutes: Readonly<Record<string, RouteHandler>> = { getMetricAnomalies };
