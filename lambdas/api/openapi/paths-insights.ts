import { jsonOk, pathParam, pending, queryParam, RANGE_PARAMS } from './operation-builder';
import type { JsonSchema, PathItem } from './openapi-types';

const DURATION = { type: 'string', pattern: '^(\\d+(ms|s|m|h|d|w|y))+$' };
const TIME_TEXT = { type: 'string', format: 'date-time' };
const ANOMALY: JsonSchema = { type: 'object', required: ['start', 'end', 'score'], properties: { start: TIME_TEXT, end: TIME_TEXT, score: { type: 'number' } } };
const FORECAST_POINT: JsonSchema = {
  type: 'object',
  required: ['timestamp', 'value', 'lower80', 'upper80', 'lower95', 'upper95'],
  properties: Object.fromEntries([['timestamp', TIME_TEXT], ...['value', 'lower80', 'upper80', 'lower95', 'upper95'].map((k) => [k, { type: 'number' }])]),
};
const items = (schema: JsonSchema): JsonSchema => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: schema } } });

/** Performance, capacity and anomaly paths. */
export function insightPaths(): Record<string, PathItem> {
  const get = (operationId: string, tag: string, capability: string, summary: string): PathItem => ({
    get: pending(operationId, tag, capability, summary, { parameters: RANGE_PARAMS }),
  });
  return {
    '/monitoring/profiling': get('getProfiling', 'performance', 'profiling', 'Profiling overview'),
    '/monitoring/profiling/cpu': get('getCpuProfile', 'performance', 'profiling', 'CPU profile'),
    '/monitoring/profiling/memory': get('getMemoryProfile', 'performance', 'profiling', 'Memory profile'),
    '/monitoring/benchmarks': get('listBenchmarks', 'performance', 'benchmarks', 'Benchmark results'),
    '/monitoring/capacity': {
      get: {
        operationId: 'getCapacity',
        summary: 'Per resource (Lambda, Kinesis, DynamoDB, Timestream, configured PromQL resources): utilisation, trend, headroom, time to exhaustion, recommendations with monthly cost effect; the latest daily snapshot, or computed live',
        tags: ['capacity'],
        parameters: [queryParam('live', { type: 'boolean' }, 'Compute now (and store) instead of serving the latest snapshot.')],
        responses: jsonOk('Capacity report', items({ type: 'object', required: ['id', 'kind', 'name', 'recommendations'] })),
      },
    },
    '/monitoring/capacity/forecast': {
      get: {
        operationId: 'getCapacityForecast',
        summary: 'Forecast of a PromQL query: per result series, points with 80% and 95% bands, the model chosen by rolling-origin backtest and its sMAPE',
        tags: ['capacity'],
        parameters: [
          queryParam('query', { type: 'string', minLength: 1, maxLength: 4096 }, 'PromQL expression (required).'),
          queryParam('horizon', DURATION, 'How far ahead, default 30d.'),
          ...RANGE_PARAMS,
          queryParam('step', DURATION, 'Sampling step of the history and the forecast (default: the history cut into about 2,000 steps). A missing `from` means four horizons (at least 7 days) before `to`.'),
          queryParam('limit', { type: 'integer', minimum: 1, maximum: 20 }, 'Most series forecast (default and cap 20).'),
        ],
        responses: jsonOk('Forecasts', items({ type: 'object', properties: { labels: { type: 'object' }, model: { type: 'string' }, backtestSmape: { type: ['number', 'null'] }, points: { type: 'array', items: FORECAST_POINT } } })),
      },
    },
    '/monitoring/metrics/{metric}/anomalies': {
      get: {
        operationId: 'getMetricAnomalies',
        summary: "Anomaly windows { start, end, score } of the metric's series (or of a PromQL query) in the range, from the streaming detector warmed up on the history before it",
        tags: ['metrics'],
        parameters: [
          pathParam('metric', { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$' }),
          ...RANGE_PARAMS,
          queryParam('query', { type: 'string', minLength: 1, maxLength: 4096 }, 'PromQL expression to score instead of the raw series.'),
          queryParam('label', { type: 'array', items: { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]*(=|!=|=~|!~).*$' } }, 'Label filters on the raw series; repeat for more.'),
          queryParam('step', DURATION, 'Score the series evaluated at each step instead of the raw samples.'),
          queryParam('history', DURATION, 'History read before the range for warm-up (default 3x the range, 1d to 28d).'),
          queryParam('warmup', { type: 'integer', minimum: 0, maximum: 100000 }, 'Points the detector reads before it may score (default 150).'),
          queryParam('limit', { type: 'integer', minimum: 1, maximum: 100 }),
        ],
        responses: jsonOk('Anomalies per series', items({ type: 'object', required: ['labels', 'anomalies'], properties: { labels: { type: 'object' }, anomalies: { type: 'array', items: ANOMALY } } })),
      },
    },
  };
}
