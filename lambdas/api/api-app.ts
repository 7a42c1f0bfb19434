import type { Ports } from '../core/ports';
import type { ApiRequest } from './http/api-types';
import { ingestOperations } from './ingest/ingest-operations';
import { openApiDocument } from './openapi/openapi-document';
import { apiOperations } from './routes/api-operations';
import { ApiRouter, type RoutedResponse } from './routing/api-router';

const routers: Partial<Record<'api' | 'ingest', ApiRouter>> = {};

/**
 * Serves one request for the `api` or the `ingest` function. Each router (route table and
 * validators) is built on the first request, so a cold start pays only for what it uses.
 */
export function serveRequest(fn: 'api' | 'ingest', request: ApiRequest, ports: () => Ports): Promise<RoutedResponse> {
  const router = (routers[fn] ??= new ApiRouter({
    document: openApiDocument(),
    operations: fn === 'api' ? apiOperations : ingestOperations,
    fn,
  }));
  return router.handle(request, ports);
}
