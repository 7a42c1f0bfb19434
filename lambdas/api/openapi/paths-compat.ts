import { pathParam, pending } from './operation-builder';
import type { OperationObject, PathItem } from './openapi-types';

const PROMETHEUS_RESPONSES: OperationObject['responses'] = {
  '200': { description: '`{status: "success", data, warnings?}`' },
  '400': { description: '`{status: "error", errorType: "bad_data", error}`' },
  '422': { description: '`{status: "error", errorType: "execution", error}`' },
  '503': { description: '`{status: "error", errorType: "unavailable" | "timeout", error}`' },
};

const FORM = { requestBody: { required: false, content: { 'application/x-www-form-urlencoded': {} } } } satisfies Partial<OperationObject>;

/** Prometheus HTTP API (read side) and Jaeger query API paths, for existing clients. */
export function compatPaths(): Record<string, PathItem> {
  const prom = (id: string, summary: string, post = false, capability = 'promql'): PathItem => ({
    get: pending(`prometheus${id}`, 'prometheus', capability, summary),
    ...(post && { post: pending(`prometheus${id}Post`, 'prometheus', capability, `${summary} (form body)`, FORM) }),
  });
  // Served by lambdas/api/prometheus: answers are Prometheus' own envelopes, parameters are read there.
  const served = (id: string, summary: string, post = false, extra: Partial<OperationObject> = {}): PathItem => {
    const op = (operationId: string, text: string, more: Partial<OperationObject>): OperationObject => ({
      operationId,
      summary: text,
      tags: ['prometheus'],
      responses: PROMETHEUS_RESPONSES,
      ...more,
    });
    return { get: op(`prometheus${id}`, summary, extra), ...(post && { post: op(`prometheus${id}Post`, `${summary} (form body)`, { ...extra, ...FORM }) }) };
  };
  // Served by lambdas/api/routes/jaeger-routes.ts: Jaeger's `{ data, total, limit, offset, errors }` envelope; query parameters are read there.
  const jaeger = (id: string, summary: string, extra: Partial<OperationObject> = {}): PathItem => ({
    get: { operationId: `jaeger${id}`, summary, tags: ['jaeger'], responses: { '200': { description: '`{ data, total, limit, offset, errors }`' }, '400': { description: 'Invalid parameters' } }, ...extra },
  });
  return {
    '/api/v1/query': served('Query', 'Instant query', true),
    '/api/v1/query_range': served('QueryRange', 'Range query', true),
    '/api/v1/query_exemplars': served('QueryExemplars', 'Exemplars', true),
    '/api/v1/format_query': prom('FormatQuery', 'Format a PromQL expression', true),
    '/api/v1/series': served('Series', 'Series matching selectors', true),
    '/api/v1/labels': served('Labels', 'Label names', true),
    '/api/v1/label/{name}/values': served('LabelValues', 'Values of a label', false, { parameters: [pathParam('name')] }),
    '/api/v1/metadata': served('Metadata', 'Metric metadata'),
    '/api/v1/status/buildinfo': served('BuildInfo', 'Build information'),
    '/api/v1/rules': served('Rules', 'Recording and alerting rules (served by lambdas/api/prometheus-rules)'),
    '/api/v1/alerts': served('Alerts', 'Active alerts (served by lambdas/api/prometheus-rules)'),
    '/api/services': jaeger('Services', 'Service names'),
    '/api/services/{service}/operations': jaeger('Operations', 'Operations of a service', { parameters: [pathParam('service')] }),
    '/api/operations': jaeger('OperationsV2', 'Operations, filtered by service and span kind'),
    '/api/traces': jaeger('FindTraces', 'Search traces'),
    '/api/traces/{traceId}': jaeger('GetTrace', 'One trace', { parameters: [pathParam('traceId')] }),
    '/api/dependencies': jaeger('Dependencies', 'Service dependencies'),
  };
}
