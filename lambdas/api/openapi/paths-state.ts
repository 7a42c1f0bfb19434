import { ID_SCHEMA } from './components';
import { dashboardPaths } from './paths-dashboards';
import { jsonBody, jsonOk, PAGE_PARAMS, paramRef, pathParam, pending, queryParam, schemaRef } from './operation-builder';
import type { PathItem } from './openapi-types';

/** CRUD paths of one kind of stored document (dashboards, alert rules). */
function crudPaths(base: string, tag: string, noun: string, plural: string, input: string): Record<string, PathItem> {
  const id = pathParam('id', ID_SCHEMA);
  const stored = schemaRef('StoredDocument');
  const conflict = { '409': { $ref: '#/components/responses/Conflict' } };
  const notFound = { '404': { $ref: '#/components/responses/NotFound' } };
  return {
    [base]: {
      get: { operationId: `list${plural}`, summary: `List ${tag}`, tags: [tag], parameters: PAGE_PARAMS, responses: jsonOk('A page', schemaRef('StoredDocumentPage')) },
      post: {
        operationId: `create${noun}`,
        summary: `Create a ${noun}; an \`id\` in the body is kept, otherwise one is generated`,
        tags: [tag],
        requestBody: jsonBody(schemaRef(input)),
        responses: { ...jsonOk('Created', stored, '201'), ...conflict },
      },
    },
    [`${base}/{id}`]: {
      get: { operationId: `get${noun}`, summary: `Get a ${noun}`, tags: [tag], parameters: [id], responses: { ...jsonOk('Found', stored), ...notFound } },
      put: {
        operationId: `update${noun}`,
        summary: `Replace a ${noun}; \`version\` in the body or If-Match makes it conditional`,
        tags: [tag],
        parameters: [id, paramRef('IfMatch')],
        requestBody: jsonBody(schemaRef(input)),
        responses: { ...jsonOk('Stored', stored), ...conflict },
      },
      delete: {
        operationId: `delete${noun}`,
        summary: `Delete a ${noun}; \`version\` or If-Match makes it conditional`,
        tags: [tag],
        parameters: [id, paramRef('IfMatch'), queryParam('version', { type: 'integer', minimum: 0 })],
        responses: { '204': { description: 'Deleted' }, ...notFound, ...conflict },
      },
    },
  };
}

/** Dashboards and alerting paths. */
export function statePaths(): Record<string, PathItem> {
  return {
    ...dashboardPaths(),
    '/monitoring/alerts': { get: pending('listAlerts', 'alerts', 'alerting', 'Active and pending alerts') },
    ...crudPaths('/monitoring/alerts/rules', 'alerts', 'AlertRule', 'AlertRules', 'AlertRuleInput'),
    '/monitoring/alerts/{id}/ack': {
      post: pending('acknowledgeAlert', 'alerts', 'alerting', 'Acknowledge an alert', { parameters: [pathParam('id', ID_SCHEMA)] }),
    },
  };
}
