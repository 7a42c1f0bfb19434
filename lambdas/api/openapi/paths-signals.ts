import { jsonBody, jsonOk, PAGE_PARAMS, pathParam, queryParam, RANGE_PARAMS, schemaRef } from './operation-builder';
import type { PathItem } from './openapi-types';

const itemsOf = (schema: Record<string, unknown>) => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: schema }, nextCursor: { type: 'string' } },
});

const DURATION = { type: 'string', pattern: '^(\\d+(ms|s|m|h|d|w|y))+$', description: 'Prometheus duration, e.g. 250ms, 1s, 1m30s.' };
const METRIC_NAME = { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$' };
const LABEL_FILTER = {
  type: 'array',
  items: { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]*(=|!=|=~|!~).*$' },
  description: 'Label filters like `job=api` or `path=~"/v1/.*"` (quotes optional); repeat the parameter for more.',
};

const LOG_QUERY_HELP =
  'Lucene-style query: `field:value` (service, level, source, traceId, spanId, patternId, message, or any attribute), quoted phrases, AND/OR/NOT (adjacent terms are ANDed), parentheses, wildcards `*` and `?`; e.g. `service:api AND level:error AND "timeout"`.';

const LOG_SEARCH_BODY = {
  type: 'object',
  properties: {
    query: { type: 'string', maxLength: 4096, description: LOG_QUERY_HELP },
    from: { type: ['string', 'number'] },
    to: { type: ['string', 'number'] },
    start: { type: ['string', 'number'] },
    end: { type: ['string', 'number'] },
    service: { type: 'string', minLength: 1 },
    level: { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'] },
    traceId: { type: 'string', pattern: '^[0-9a-fA-F]{32}$' },
    order: { type: 'string', enum: ['asc', 'desc'] },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
    cursor: { type: 'string' },
    aggregations: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          type: { type: 'string', enum: ['terms', 'histogram'] },
          field: { type: 'string', minLength: 1 },
          interval: { type: 'string', pattern: '^(\\d+(ms|s|m|h|d|w|y))+$' },
          by: { type: 'string', minLength: 1 },
          size: { type: 'integer', minimum: 1, maximum: 10000 },
        },
      },
    },
  },
};

/** Metrics, traces and logs reading paths. */
export function signalPaths(): Record<string, PathItem> {
  return {
    '/monitoring/metrics': {
      get: {
        operationId: 'listMetrics',
        summary: 'Metric catalogue: names with samples in the range, with type, unit, help, label names and series count',
        tags: ['metrics'],
        parameters: [...RANGE_PARAMS, ...PAGE_PARAMS, queryParam('name', { type: 'string', minLength: 1, maxLength: 200 }, 'Case-insensitive substring of the metric name.')],
        responses: jsonOk(
          'Metrics',
          itemsOf({
            type: 'object',
            required: ['name', 'type', 'unit', 'help', 'labelNames', 'seriesCount'],
            properties: {
              name: { type: 'string' },
              type: { type: 'string' },
              unit: { type: 'string' },
              help: { type: 'string' },
              labelNames: { type: 'array', items: { type: 'string' } },
              seriesCount: { type: 'integer' },
            },
          }),
        ),
      },
    },
    '/monitoring/metrics/{metric}': {
      get: {
        operationId: 'getMetricSeries',
        summary: 'One metric: raw series, or per step with an optional rate, aggregation and group-by (no PromQL needed)',
        tags: ['metrics'],
        parameters: [
          pathParam('metric', METRIC_NAME),
          ...RANGE_PARAMS,
          queryParam('label', LABEL_FILTER),
          queryParam('limit', { type: 'integer', minimum: 1, maximum: 10000 }),
          queryParam('step', DURATION, 'Evaluate every step (default: about 240 points, at least 15s); without step, aggregation or rate the raw samples are returned.'),
          queryParam('aggregation', { type: 'string', enum: ['sum', 'avg', 'min', 'max', 'count'] }),
          queryParam('by', { type: 'array', items: { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' } }, 'Group-by label names for the aggregation; repeat for more.'),
          queryParam('rate', { type: 'boolean' }, 'Per-second rate over a window of two steps (at least 1m), for counters.'),
        ],
        responses: jsonOk('Series', itemsOf(schemaRef('Series'))),
      },
    },
    '/monitoring/traces': {
      get: {
        operationId: 'searchTraces',
        summary: 'Search traces',
        tags: ['traces'],
        parameters: [
          ...RANGE_PARAMS,
          ...PAGE_PARAMS,
          queryParam('service', { type: 'string', minLength: 1 }),
          queryParam('operation', { type: 'string', minLength: 1 }),
          queryParam('minDuration', DURATION),
          queryParam('maxDuration', DURATION),
          queryParam('status', { type: 'string', enum: ['unset', 'ok', 'error'] }),
          queryParam('attribute', { type: 'array', items: { type: 'string', pattern: '^[^=]+=.*$' } }, 'Attribute conditions `key=value` (span or resource attribute of some span of the trace); repeat for more.'),
        ],
        responses: jsonOk('Trace summaries', itemsOf(schemaRef('TraceSummary'))),
      },
    },
    '/monitoring/traces/{traceId}': {
      get: {
        operationId: 'getTrace',
        summary: 'A trace analysed: span tree with depth and self time, critical path, error origin and propagation, and its logs',
        tags: ['traces'],
        parameters: [pathParam('traceId', { type: 'string', pattern: '^([0-9a-fA-F]{32}|1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24})$' }, 'W3C (32 hex) or X-Ray (1-xxxxxxxx-xxx...) id')],
        responses: { ...jsonOk('The trace', { type: 'object', properties: { traceId: { type: 'string' }, spans: { type: 'array', items: schemaRef('Span') } } }), '404': { $ref: '#/components/responses/NotFound' } },
      },
    },
    '/monitoring/services': {
      get: {
        operationId: 'listServices',
        summary: 'Services that reported spans in the range, with request rate, error ratio and latency quantiles (ms)',
        tags: ['traces'],
        parameters: RANGE_PARAMS,
        responses: jsonOk('Services', itemsOf({ type: 'object', properties: { name: { type: 'string' }, calls: { type: 'number' }, errors: { type: 'number' }, requestRate: { type: 'number' }, errorRatio: { type: 'number' }, latencyMs: { type: 'object' } } })),
      },
    },
    '/monitoring/dependencies': {
      get: {
        operationId: 'getDependencies',
        summary: 'Service dependency graph { nodes, edges } with calls, errors and latency; Graphviz DOT or Mermaid with format=',
        tags: ['traces'],
        parameters: [...RANGE_PARAMS, queryParam('format', { type: 'string', enum: ['json', 'dot', 'mermaid'] })],
        responses: jsonOk('The graph', { type: 'object', required: ['nodes', 'edges'], properties: { nodes: { type: 'array' }, edges: { type: 'array' } } }),
      },
    },
    '/monitoring/logs': {
      get: {
        operationId: 'queryLogs',
        summary: 'Log records, newest first',
        tags: ['logs'],
        parameters: [
          ...RANGE_PARAMS,
          ...PAGE_PARAMS,
          queryParam('service', { type: 'string', minLength: 1 }),
          queryParam('level', { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'] }),
          queryParam('q', { type: 'string', minLength: 1, maxLength: 1024 }, LOG_QUERY_HELP),
          queryParam('traceId', { type: 'string', pattern: '^[0-9a-fA-F]{32}$' }),
          queryParam('order', { type: 'string', enum: ['asc', 'desc'] }),
          queryParam('sort', { type: 'string', enum: ['asc', 'desc'] }, 'Synonym of order (by timestamp).'),
        ],
        responses: jsonOk('Log records', itemsOf(schemaRef('LogRecord'))),
      },
    },
    '/monitoring/logs/streams': {
      get: {
        operationId: 'listLogStreams',
        summary: 'The (service, source) streams with records in the range',
        tags: ['logs'],
        parameters: RANGE_PARAMS,
        responses: jsonOk('Streams', itemsOf({ type: 'object' })),
      },
    },
    '/monitoring/logs/search': {
      post: {
        operationId: 'searchLogs',
        summary: 'Search logs with a Lucene-style query, with aggregations (count by field, histogram over time)',
        tags: ['logs'],
        requestBody: jsonBody(LOG_SEARCH_BODY),
        responses: jsonOk('Records and aggregations', { type: 'object', required: ['items', 'aggregations'], properties: { items: { type: 'array', items: schemaRef('LogRecord') }, nextCursor: { type: 'string' }, aggregations: { type: 'array' } } }),
      },
    },
    '/monitoring/logs/patterns': {
      get: {
        operationId: 'listLogPatterns',
        summary: 'Log patterns mined from messages: template, counts in the range and in total, trend, sample',
        tags: ['logs'],
        parameters: [...RANGE_PARAMS, ...PAGE_PARAMS, queryParam('service', { type: 'string', minLength: 1 })],
        responses: jsonOk('Patterns', itemsOf({ type: 'object', properties: { id: { type: 'string' }, template: { type: 'string' }, count: { type: 'integer' } } })),
      },
    },
    '/monitoring/errors': {
      get: {
        operationId: 'listErrorGroups',
        summary: 'Error groups (fingerprinted from error logs) seen in the range, most recent first',
        tags: ['logs'],
        parameters: [...RANGE_PARAMS, ...PAGE_PARAMS, queryParam('service', { type: 'string', minLength: 1 })],
        responses: jsonOk('Error groups', itemsOf({ type: 'object', properties: { id: { type: 'string' }, count: { type: 'integer' } } })),
      },
    },
    '/monitoring/errors/{id}': {
      get: {
        operationId: 'getErrorGroup',
        summary: 'One error group: types, message template, count, first and last seen, distinct users, services, sample',
        tags: ['logs'],
        parameters: [pathParam('id', { type: 'string', minLength: 1, maxLength: 200 })],
        responses: { ...jsonOk('The error group', { type: 'object', properties: { id: { type: 'string' } } }), '404': { $ref: '#/components/responses/NotFound' } },
      },
    },
  };
}
