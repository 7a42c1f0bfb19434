import { seriesKey, type LabelMatcher, type Labels } from '../../core/domain/series';
import { MetricMetadataCatalog } from '../../core/metrics/metric-metadata-catalog';
import { instantQuery, rangeQuery } from '../../core/promql/engine';
import { parsePromql } from '../../core/promql/parser';
import { compareLabels } from '../../core/promql/vector-functions';
import type { MetricSelection } from '../../core/ports';
import { hasPromqlPassthrough, PromqlPassthroughError } from '../../core/ports/promql-passthrough';
import type { RouteContext, RouteHandler, ApiResponse } from '../http/api-types';
import { PrometheusParams } from './prometheus-params';
import { PrometheusApiError, prometheusErrorFor, prometheusSuccess, queryData, type PrometheusErrorType } from './prometheus-response';

/** Prometheus refuses range queries with more points per series than this. */
export const MAX_POINTS_PER_SERIES = 11_000;

/** How far back series and label lookups reach when the request gives no start (the raw retention). */
export const DEFAULT_LOOKUP_MS = 90 * 86_400_000;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** What `/api/v1/status/buildinfo` reports: a Prometheus 3 API, so Grafana enables its features. */
export const BUILD_INFO = {
  version: '3.0.0',
  revision: 'observability-platform',
  branch: 'main',
  buildUser: 'observability-platform',
  buildDate: '20261122-00:00:00',
  goVersion: 'n/a',
};

// Every handler answers in Prometheus' envelopes, whatever goes wrong.
function prometheusRoute(run: (ctx: RouteContext, params: PrometheusParams) => Promise<ApiResponse>): RouteHandler {
  return async (ctx) => {
    try {
      return await run(ctx, new PrometheusParams(ctx.request));
    } catch (error) {
      return prometheusErrorFor(error);
    }
  };
}

const query = prometheusRoute(async ({ ports }, p) => {
  const expr = p.required('query');
  const time = p.time('time', ports.clock.now());
  const lookbackDelta = p.duration('lookback_delta');
  const store = ports.metrics;
  const result = hasPromqlPassthrough(store)
    ? await passthrough(() => store.promqlInstant(expr, time))
    : await instantQuery(ports.metrics, expr, time, { ...(lookbackDelta && { lookbackDelta }) });
  return prometheusSuccess(queryData(result), result.warnings, result.infos);
});

const queryRange = prometheusRoute(async ({ ports }, p) => {
  const start = p.time('start', Number.NaN);
  const end = p.time('end', Number.NaN);
  if (Number.isNaN(start)) throw new PrometheusApiError('bad_data', 'invalid parameter "start": parameter is required');
  if (Number.isNaN(end)) throw new PrometheusApiError('bad_data', 'invalid parameter "end": parameter is required');
  if (end < start) throw new PrometheusApiError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
  const step = p.duration('step');
  if (step === undefined) throw new PrometheusApiError('bad_data', 'invalid parameter "step": parameter is required');
  if (!(step > 0)) throw new PrometheusApiError('bad_data', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
  if ((end - start) / step > MAX_POINTS_PER_SERIES) {
    throw new PrometheusApiError('bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  }
  const expr = p.required('query');
  const lookbackDelta = p.duration('lookback_delta');
  const store = ports.metrics;
  const result = hasPromqlPassthrough(store)
    ? await passthrough(() => store.promqlRange(expr, start, end, step))
    : await rangeQuery(ports.metrics, expr, start, end, step, { ...(lookbackDelta && { lookbackDelta }) });
  return prometheusSuccess(queryData(result), result.warnings, result.infos);
});

/**
 * A query sent whole to a store that evaluates PromQL itself (Amazon Managed Service for
 * Prometheus); the backend's refusals become Prometheus API errors of the same type.
 */
const PROMETHEUS_ERROR_TYPES = new Set(['bad_data', 'execution', 'timeout', 'canceled', 'internal', 'unavailable', 'not_found']);

async function passthrough<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PromqlPassthroughError) throw new PrometheusApiError(PROMETHEUS_ERROR_TYPES.has(error.errorType) ? (error.errorType as PrometheusErrorType) : 'execution', error.message);
    throw error;
  }
}

/** The matcher sets of `match[]`; each must be a plain series selector. */
function matcherSets(p: PrometheusParams): LabelMatcher[][] {
  return p.all('match[]').map((text) => {
    const ast = parsePromql(text);
    if (ast.kind !== 'vector') throw new PrometheusApiError('bad_data', `invalid parameter "match[]": ${JSON.stringify(text)} is not a series selector`);
    return [...ast.matchers];
  });
}

function lookupRange(ctx: RouteContext, p: PrometheusParams): MetricSelection['range'] {
  const end = p.time('end', ctx.ports.clock.now());
  const start = p.time('start', end - DEFAULT_LOOKUP_MS);
  if (end < start) throw new PrometheusApiError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
  return { start, end };
}

function limitOf(p: PrometheusParams): number | undefined {
  const text = p.get('limit');
  if (text === undefined || text === '' || text === '0') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new PrometheusApiError('bad_data', `invalid parameter "limit": cannot parse "${text}" as a non-negative integer`);
  return n;
}

function truncated<T>(items: T[], limit: number | undefined): { items: T[]; warnings: string[] } {
  if (limit === undefined || items.length <= limit) return { items, warnings: [] };
  return { items: items.slice(0, limit), warnings: ['results truncated due to limit'] };
}

const series = prometheusRoute(async (ctx, p) => {
  const sets = matcherSets(p);
  if (sets.length === 0) throw new PrometheusApiError('bad_data', 'no match[] parameter provided');
  const range = lookupRange(ctx, p);
  const seen = new Map<string, Labels>();
  for (const matchers of sets) {
    for (const labels of await ctx.ports.metrics.findSeries({ matchers, range })) seen.set(seriesKey(labels), labels);
  }
  const { items, warnings } = truncated([...seen.values()].sort(compareLabels), limitOf(p));
  return prometheusSuccess(items, warnings);
});

async function union(sets: LabelMatcher[][], read: (matchers: LabelMatcher[]) => Promise<string[]>): Promise<string[]> {
  const all = new Set<string>();
  for (const matchers of sets.length > 0 ? sets : [[]]) for (const v of await read(matchers)) all.add(v);
  return [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const labels = prometheusRoute(async (ctx, p) => {
  const range = lookupRange(ctx, p);
  const names = await union(matcherSets(p), (matchers) => ctx.ports.metrics.labelNames({ matchers, range }));
  const { items, warnings } = truncated(names, limitOf(p));
  return prometheusSuccess(items, warnings);
});

const labelValues = prometheusRoute(async (ctx, p) => {
  const name = String(ctx.params.name ?? '');
  if (!LABEL_NAME.test(name)) throw new PrometheusApiError('bad_data', `invalid label name: "${name}"`);
  const range = lookupRange(ctx, p);
  const values = await union(matcherSets(p), (matchers) => ctx.ports.metrics.labelValues(name, { matchers, range }));
  const { items, warnings } = truncated(values, limitOf(p));
  return prometheusSuccess(items, warnings);
});

const metadata = prometheusRoute(async (ctx, p) => {
  const metric = p.get('metric') || undefined;
  const limit = limitOf(p);
  const perMetric = Number(p.get('limit_per_metric') ?? 0);
  const all = await new MetricMetadataCatalog(ctx.ports.state).all(metric);
  const out: Record<string, { type: string; help: string; unit: string }[]> = {};
  for (const name of [...all.keys()].sort()) {
    if (limit !== undefined && Object.keys(out).length >= limit) break;
    const m = all.get(name)!;
    out[name] = [{ type: m.type, help: m.help, unit: m.unit }].slice(0, perMetric > 0 ? perMetric : undefined);
  }
  return prometheusSuccess(out);
});

const buildInfo = prometheusRoute(async () => prometheusSuccess(BUILD_INFO));

const exemplars = prometheusRoute(async (_ctx, p) => {
  p.required('query');
  return prometheusSuccess([]);
});

/** The Prometheus HTTP API operations of the `api` function, by operationId (GET and form POST). */
export const prometheusRoutes: Readonly<Record<string, RouteHandler>> = {
  prometheusQuery: query,
  prometheusQueryPost: query,
  prometheusQueryRange: queryRange,
  prometheusQueryRangePost: queryRange,
  prometheusSeries: series,
  prometheusSeriesPost: series,
  prometheusLabels: labels,
  prometheusLabelsPost: labels,
  prometheusLabelValues: labelValues,
  prometheusMetadata: metadata,
  prometheusBuildInfo: buildInfo,
  prometheusQueryExemplars: exemplars,
  prometheusQueryExemplarsPost: exemplars,
};
