import { forecast, type ForecastResult } from '../../core/capacity/forecast';
import { PlatformError } from '../../core/domain/errors';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { parsePrometheusDuration } from '../params/prometheus-duration';
import { parseTime } from '../params/time-range';
import { querySeries, stepOf } from './capacity-query';

/** Most series one forecast answer holds (forecasting is CPU-bound). */
export const MAX_FORECAST_SERIES = 20;
/** Most forecast points per series. */
const MAX_HORIZON_POINTS = 20_000;
const DEFAULT_HORIZON = '30d';
const DAY_MS = 86_400_000;

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** One forecast as the API answers it: RFC 3339 times and JSON-safe numbers. */
export function presentForecast(result: ForecastResult) {
  return {
    model: result.model,
    backtestSmape: finite(result.backtestSmape),
    seasonPoints: result.period,
    candidates: result.candidates.map((c) => ({ model: c.model, smape: finite(c.smape) })),
    points: result.points.map((p) => ({
      timestamp: formatMillis(p.timestamp),
      value: p.value,
      lower80: p.lower80,
      upper80: p.upper80,
      lower95: p.lower95,
      upper95: p.upper95,
    })),
  };
}

/**
 * `GET /monitoring/capacity/forecast?query=<promql>&horizon=30d`: evaluates the query over the
 * history (`from`/`to`; a missing `from` means four horizons, at least a week, before `to`),
 * forecasts each result series `horizon` ahead at the query's step, and answers the points
 * with 80% and 95% bands, the model chosen and its backtest sMAPE.
 */
export const getCapacityForecast: RouteHandler = async ({ ports, params }) => {
  const query = typeof params.query === 'string' ? params.query.trim() : '';
  if (!query) throw new PlatformError('invalid_argument', 'query (a PromQL expression) is required', [{ in: 'query', name: 'query' }]);
  const horizonText = String(params.horizon ?? DEFAULT_HORIZON);
  const horizonMs = parsePrometheusDuration(horizonText, 'horizon');
  const end = params.to ?? params.end;
  const start = params.from ?? params.start;
  const endMs = end !== undefined ? parseTime(String(end), params.to !== undefined ? 'to' : 'end') : ports.clock.now();
  const startMs = start !== undefined ? parseTime(String(start), params.from !== undefined ? 'from' : 'start') : endMs - Math.max(7 * DAY_MS, 4 * horizonMs);
  if (startMs >= endMs) throw new PlatformError('invalid_argument', 'the range starts after it ends', [{ in: 'query', name: 'from' }]);
  const stepMs = stepOf(params, endMs - startMs, 2000);
  const horizonPoints = Math.ceil(horizonMs / stepMs);
  if (horizonPoints < 1 || horizonPoints > MAX_HORIZON_POINTS) {
    throw new PlatformError('invalid_argument', `horizon gives ${horizonPoints} forecast points at step ${stepMs / 1000}s; it must give 1 to ${MAX_HORIZON_POINTS}`, [{ in: 'query', name: 'horizon' }]);
  }
  const limit = Math.min(MAX_FORECAST_SERIES, (params.limit as number | undefined) ?? MAX_FORECAST_SERIES);
  const { series, warnings } = await querySeries(ports, query, startMs, endMs, stepMs);
  const items = series.slice(0, limit).map((s) => {
    const samples = s.samples.filter((p) => Number.isFinite(p.value));
    if (samples.length < 4) return { labels: s.labels, error: `too little history (${samples.length} finite samples; at least 4 needed)` };
    return { labels: s.labels, historyPoints: samples.length, ...presentForecast(forecast(samples, { horizon: horizonPoints })) };
  });
  return jsonResponse(200, {
    query,
    horizon: horizonText,
    step: `${stepMs / 1000}s`,
    from: formatMillis(startMs),
    to: formatMillis(endMs),
    items,
    ...(series.length > limit && { truncated: true, seriesCount: series.length }),
    ...(warnings.length > 0 && { warnings }),
  });
};
