import { jsonBody, jsonOk, pathParam, queryParam, RANGE_PARAMS } from './operation-builder';
import type { JsonSchema, PathItem } from './openapi-types';

const DURATION = { type: 'string', pattern: '^(\\d+(ms|s|m|h|d|w|y))+$' };
const TIME_TEXT = { type: 'string', format: 'date-time' };
const ANOMALY: JsonSchema = { type: 'object', required: ['start', 'end', 'score'], properties: { start: TIME_TEXT, end: TIME_TEXT, score: { type: 'number' } } };
const FORECAST_POINT: JsonSchema = {
  type: 'object',
  required: ['timestamp', 'value', 'lower80', 'upper80', 'lower95', 'upper95'],
  properties: Object.fromEntries([['timestamp', TIME_TEXT], ...['value', 'lower80', 'upper80', 'lower95', 'upper95'].map((k) => [k, { type: 'number' }])]),
};
const FLAME: JsonSchema = { type: 'object', required: ['name', 'value', 'children'], properties: { name: { type: 'string' }, value: { type: 'number' }, children: { type: 'array' } } };
const DEPLOYMENT: JsonSchema = { type: 'object', required: ['id', 'service', 'version', 'time'], properties: { id: { type: 'string' }, service: { type: 'string' }, version: { type: 'string' }, time: TIME_TEXT } };
const items = (schema: JsonSchema): JsonSchema => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: schema } } });

/** Performance, capacity and anomaly paths. */
export function insightPaths(): Record<string, PathItem> {
  return {
    '/monitoring/profiling': {
      get: {
        operationId: 'getProfiling',
        summary: 'CPU time and memory per function (Lambda metrics) and for the serving process, span self-time hot spots, and the sampled CPU profiles per function',
        tags: ['performance'],
        parameters: [...RANGE_PARAMS, queryParam('service', { type: 'string', minLength: 1 })],
        responses: jsonOk('Profiling overview', { type: 'object', required: ['functions', 'hotSpots', 'cpuProfiles'] }),
      },
    },
    '/monitoring/profiling/cpu': {
      get: {
        operationId: 'getCpuProfile',
        summary: 'Aggregated V8 CPU profiles sampled by the platform middleware (PROFILE_SAMPLE_SHARE): top functions and a flame graph { name, value, children } (microseconds), with span self-time hot spots',
        tags: ['performance'],
        parameters: [...RANGE_PARAMS, queryParam('function', { type: 'string', minLength: 1 }), queryParam('service', { type: 'string', minLength: 1 }), queryParam('limit', { type: 'integer', minimum: 1, maximum: 200 })],
        responses: jsonOk('CPU profile', { type: 'object', required: ['topFunctions', 'flameGraph'], properties: { flameGraph: FLAME } }),
      },
    },
    '/monitoring/profiling/memory': {
      get: {
        operationId: 'getMemoryProfile',
        summary: 'Memory per function (configured vs used) and the serving process heap',
        tags: ['performance'],
        parameters: RANGE_PARAMS,
        responses: jsonOk('Memory profile', { type: 'object', required: ['functions', 'process'] }),
      },
    },
    '/monitoring/benchmarks': {
      get: {
        operationId: 'listBenchmarks',
        summary: "Per service and operation (root spans): baseline and current p50/p95/p99 (ms), throughput and error ratio, split at the service's latest deployment (else the last `window`), with a regression verdict (Mann-Whitney and bootstrap p95)",
        tags: ['performance'],
        parameters: [...RANGE_PARAMS, queryParam('service', { type: 'string', minLength: 1 }), queryParam('window', DURATION, 'Current window when no deployment splits the range (default: half the range).')],
        responses: jsonOk('Benchmarks', items({ type: 'object', required: ['service', 'operation', 'baseline', 'current', 'regressed'] })),
      },
    },
    '/monitoring/deployments': {
      get: {
        operationId: 'listDeployments',
        summary: 'Deployment events in the range',
        tags: ['performance'],
        parameters: [...RANGE_PARAMS, queryParam('service', { type: 'string', minLength: 1 })],
        responses: jsonOk('Deployments', items(DEPLOYMENT)),
      },
      post: {
        operationId: 'createDeployment',
        summary: 'Record a deployment (service, version, time; time defaults to now) that benchmarks split their windows at',
        tags: ['performance'],
        requestBody: jsonBody({ type: 'object', required: ['service', 'version'], properties: { service: { type: 'string', minLength: 1, maxLength: 200 }, version: { type: 'string', minLength: 1, maxLength: 200 }, time: { type: ['string', 'number'] } } }),
        responses: jsonOk('The stored deployment', DEPLOYMENT, '201'),
      },
    },
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
