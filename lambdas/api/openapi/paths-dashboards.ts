import { ID_SCHEMA } from './components';
import { jsonBody, jsonOk, PAGE_PARAMS, paramRef, pathParam, queryParam, RANGE_PARAMS, schemaRef } from './operation-builder';
import type { PathItem } from './openapi-types';

const TAG = 'dashboards';
const CONFLICT = { '409': { $ref: '#/components/responses/Conflict' } };
const NOT_FOUND = { '404': { $ref: '#/components/responses/NotFound' } };
const ANY_OBJECT = { type: 'object', additionalProperties: true };

/**
 * Dashboard paths: CRUD of dashboards in the platform's model (validated; `version` is the
 * edit version, `schemaVersion` the model's), search, render, Grafana import and export, and
 * the CloudWatch console body.
 */
export function dashboardPaths(): Record<string, PathItem> {
  const id = pathParam('id', ID_SCHEMA);
  const stored = schemaRef('StoredDocument');
  return {
    '/monitoring/dashboards': {
      get: {
        operationId: 'listDashboards',
        summary: 'List dashboards (summaries), searching by title substring and tag',
        tags: [TAG],
        parameters: [
          ...PAGE_PARAMS,
          queryParam('q', { type: 'string', maxLength: 256 }, 'Case-insensitive substring of the title'),
          queryParam('tag', { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 20 }, 'Dashboards carrying every tag given'),
        ],
        responses: jsonOk('A page', schemaRef('StoredDocumentPage')),
      },
      post: {
        operationId: 'createDashboard',
        summary: 'Create a dashboard in the platform model; an `id` in the body is kept, otherwise one is generated',
        tags: [TAG],
        requestBody: jsonBody(schemaRef('DashboardInput')),
        responses: { ...jsonOk('Created', stored, '201'), ...CONFLICT },
      },
    },
    '/monitoring/dashboards/import': {
      post: {
        operationId: 'importDashboard',
        summary: 'Import a Grafana dashboard JSON (bare or as `{ "dashboard": ..., "overwrite": true }`); answers the stored dashboard and what could not be mapped',
        tags: [TAG],
        requestBody: jsonBody(ANY_OBJECT),
        responses: { ...jsonOk('Imported', ANY_OBJECT, '201'), ...CONFLICT, '422': { $ref: '#/components/responses/BadRequest' } },
      },
    },
    '/monitoring/dashboards/{id}': {
      get: { operationId: 'getDashboard', summary: 'Get a dashboard', tags: [TAG], parameters: [id], responses: { ...jsonOk('Found', stored), ...NOT_FOUND } },
      put: {
        operationId: 'updateDashboard',
        summary: 'Replace a dashboard; `version` in the body or If-Match makes it conditional',
        tags: [TAG],
        parameters: [id, paramRef('IfMatch')],
        requestBody: jsonBody(schemaRef('DashboardInput')),
        responses: { ...jsonOk('Stored', stored), ...CONFLICT },
      },
      delete: {
        operationId: 'deleteDashboard',
        summary: 'Delete a dashboard; `version` or If-Match makes it conditional',
        tags: [TAG],
        parameters: [id, paramRef('IfMatch'), queryParam('version', { type: 'integer', minimum: 0 })],
        responses: { '204': { description: 'Deleted' }, ...NOT_FOUND, ...CONFLICT },
      },
    },
    '/monitoring/dashboards/{id}/render': {
      get: {
        operationId: 'renderDashboard',
        summary: 'Every panel\'s data for a range; `var-<name>=` picks variable values (repeat for several, `$__all` for all)',
        tags: [TAG],
        parameters: [
          id,
          ...RANGE_PARAMS,
          queryParam('step', { type: 'string', pattern: '^(\\d+(ms|s|m|h|d|w|y))+$' }, 'Fixed query step; by default range / maxDataPoints'),
          queryParam('maxDataPoints', { type: 'integer', minimum: 2, maximum: 11000 }),
          queryParam('panel', { type: 'array', items: { type: 'integer' }, maxItems: 500 }, 'Only these panel ids'),
        ],
        responses: { ...jsonOk('Panel data', ANY_OBJECT), ...NOT_FOUND },
      },
    },
    '/monitoring/dashboards/{id}/export': {
      get: {
        operationId: 'exportDashboard',
        summary: 'Export a dashboard as Grafana JSON (`format=grafana`, the default) or in the platform model',
        tags: [TAG],
        parameters: [id, queryParam('format', { type: 'string', enum: ['grafana', 'model'] })],
        responses: { ...jsonOk('The dashboard', ANY_OBJECT), ...NOT_FOUND },
      },
    },
    '/monitoring/dashboards/{id}/cloudwatch': {
      get: {
        operationId: 'getDashboardCloudWatchBody',
        summary: 'The CloudWatch dashboard body the console view gets, with rendering notes and structure problems',
        tags: [TAG],
        parameters: [
          id,
          queryParam('datasourceFunction', { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' }),
          queryParam('region', { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' }),
        ],
        responses: { ...jsonOk('The body', ANY_OBJECT), ...NOT_FOUND },
      },
    },
  };
}
