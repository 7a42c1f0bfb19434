import type { PathItem } from './openapi-types';

const probe = (operationId: string, summary: string, notReady = false): PathItem => ({
  get: {
    operationId,
    summary,
    tags: ['probes'],
    responses: {
      '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } },
      ...(notReady && { '503': { description: 'A port did not answer', content: { 'application/json': { schema: { type: 'object' } } } } }),
    },
  },
});

/** Health probes and the document itself. */
export function probePaths(): Record<string, PathItem> {
  return {
    '/health': probe('getHealth', 'The function answers'),
    '/live': probe('getLiveness', 'Liveness probe'),
    '/ready': probe('getReadiness', 'Every port answers its ping', true),
    '/monitoring/openapi.json': probe('getOpenApiDocument', 'This OpenAPI document'),
  };
}
