import { INTEGRATION_EVENT_TYPES } from '../../core/integrations/integration-event';
import { ID_SCHEMA } from './components';
import { jsonBody, jsonOk, PAGE_PARAMS, pathParam, queryParam } from './operation-builder';
import type { PathItem } from './openapi-types';

const ANY_OBJECT = { type: 'object' };
const notFound = { '404': { $ref: '#/components/responses/NotFound' } };
const ROLE = { type: 'string', enum: ['ingest', 'viewer', 'editor', 'admin'] };
const NAMES = { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 128 } };
const TIME = { type: 'string', minLength: 1, maxLength: 40 };

const KEY_CREATE = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'role'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 128 }, role: ROLE, services: NAMES, dashboards: NAMES, expiresAt: TIME },
};
const KEY_ROTATE = { type: 'object', additionalProperties: false, properties: { graceSeconds: { type: 'integer', minimum: 0, maximum: 30 * 86_400 } } };
const WEBHOOK = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'url', 'events'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 128 },
    url: { type: 'string', minLength: 8, maxLength: 2048, pattern: '^https?://' },
    events: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: INTEGRATION_EVENT_TYPES } },
    services: NAMES,
    enabled: { type: 'boolean' },
  },
};
const EVENT = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: { type: { type: 'string', enum: INTEGRATION_EVENT_TYPES }, service: { type: 'string', minLength: 1, maxLength: 128 }, data: ANY_OBJECT },
};

/** `/monitoring/admin/*`: API keys, the audit trail, integration webhooks (role `admin`). */
export function adminPaths(): Record<string, PathItem> {
  const id = pathParam('id', ID_SCHEMA);
  const tag = ['admin'];
  return {
    '/monitoring/admin/api-keys': {
      get: { operationId: 'listApiKeys', summary: 'List API keys (never the keys themselves)', tags: tag, parameters: PAGE_PARAMS, responses: jsonOk('A page of keys', ANY_OBJECT) },
      post: { operationId: 'createApiKey', summary: 'Create an API key; the answer shows the key once', tags: tag, requestBody: jsonBody(KEY_CREATE), responses: jsonOk('Created', ANY_OBJECT, '201') },
    },
    '/monitoring/admin/api-keys/{id}': {
      get: { operationId: 'getApiKey', summary: 'One API key (never the key itself)', tags: tag, parameters: [id], responses: { ...jsonOk('Found', ANY_OBJECT), ...notFound } },
      delete: { operationId: 'revokeApiKey', summary: 'Revoke an API key now', tags: tag, parameters: [id], responses: { ...jsonOk('Revoked', ANY_OBJECT), ...notFound } },
    },
    '/monitoring/admin/api-keys/{id}/rotate': {
      post: {
        operationId: 'rotateApiKey',
        summary: 'Create a replacement key; the old one expires after the grace period (default 24 h)',
        tags: tag,
        parameters: [id],
        requestBody: { required: false, content: { 'application/json': { schema: KEY_ROTATE } } },
        responses: { ...jsonOk('The new key, shown once', ANY_OBJECT, '201'), ...notFound },
      },
    },
    '/monitoring/admin/audit': {
      get: {
        operationId: 'listAudit',
        summary: 'The audit trail in sequence order, filtered',
        tags: tag,
        parameters: [
          ...PAGE_PARAMS,
          queryParam('actor', { type: 'string', minLength: 1 }),
          queryParam('action', { type: 'string', minLength: 1 }),
          queryParam('resource', { type: 'string', minLength: 1 }, 'Resource path prefix'),
          queryParam('from', TIME),
          queryParam('to', TIME),
        ],
        responses: jsonOk('A page of records', ANY_OBJECT),
      },
    },
    '/monitoring/admin/audit/verify': {
      get: { operationId: 'verifyAudit', summary: 'Verify the hash chain; names the first bad record', tags: tag, responses: jsonOk('The verification result', ANY_OBJECT) },
    },
    '/monitoring/admin/webhooks': {
      get: { operationId: 'listWebhooks', summary: 'List integration webhooks (secrets never shown)', tags: tag, parameters: PAGE_PARAMS, responses: jsonOk('A page', ANY_OBJECT) },
      post: { operationId: 'createWebhook', summary: 'Subscribe a URL to events; the answer shows the signing secret once', tags: tag, requestBody: jsonBody(WEBHOOK), responses: jsonOk('Created', ANY_OBJECT, '201') },
    },
    '/monitoring/admin/webhooks/{id}': {
      get: { operationId: 'getWebhook', summary: 'One webhook', tags: tag, parameters: [id], responses: { ...jsonOk('Found', ANY_OBJECT), ...notFound } },
      put: { operationId: 'updateWebhook', summary: 'Replace a webhook (keeps its secret)', tags: tag, parameters: [id], requestBody: jsonBody(WEBHOOK), responses: { ...jsonOk('Stored', ANY_OBJECT), ...notFound } },
      delete: { operationId: 'deleteWebhook', summary: 'Delete a webhook', tags: tag, parameters: [id], responses: { '204': { description: 'Deleted' }, ...notFound } },
    },
    '/monitoring/admin/webhooks/{id}/deliveries': {
      get: { operationId: 'listWebhookDeliveries', summary: "A webhook's delivery log, oldest first", tags: tag, parameters: [id, ...PAGE_PARAMS], responses: { ...jsonOk('A page', ANY_OBJECT), ...notFound } },
    },
    '/monitoring/admin/events': {
      post: { operationId: 'publishTestEvent', summary: 'Publish an integration event (for testing receivers)', tags: tag, requestBody: jsonBody(EVENT), responses: jsonOk('Deliveries made', ANY_OBJECT, '202') },
    },
  };
}
