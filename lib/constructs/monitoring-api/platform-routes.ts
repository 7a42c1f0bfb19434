/** One API route: an HTTP method on a resource path, served by one of the two functions. */
export interface PlatformRoute {
  /** HTTP method, or ANY. */
  readonly method: string;
  /** Resource path as API Gateway writes it (`{proxy+}` for a greedy tail). */
  readonly path: string;
  /** Which function serves it. */
  readonly target: 'ingest' | 'api';
}

/**
 * Every route of the REST API. API Gateway prefers the most specific resource, so
 * `POST /api/v1/write` reaches ingest while the rest of `/api/v1/*` reaches api.
 */
export const PLATFORM_ROUTES: readonly PlatformRoute[] = [
  { method: 'POST', path: '/v1/metrics', target: 'ingest' },
  { method: 'POST', path: '/v1/logs', target: 'ingest' },
  { method: 'POST', path: '/v1/traces', target: 'ingest' },
  { method: 'POST', path: '/api/v1/write', target: 'ingest' },
  { method: 'POST', path: '/api/v2/spans', target: 'ingest' },
  { method: 'POST', path: '/loki/api/v1/push', target: 'ingest' },
  { method: 'ANY', path: '/monitoring', target: 'api' },
  { method: 'ANY', path: '/monitoring/{proxy+}', target: 'api' },
  { method: 'ANY', path: '/api/v1/{proxy+}', target: 'api' },
  { method: 'ANY', path: '/api/{proxy+}', target: 'api' },
  { method: 'GET', path: '/health', target: 'api' },
  { method: 'GET', path: '/ready', target: 'api' },
  { method: 'GET', path: '/live', target: 'api' },
];
