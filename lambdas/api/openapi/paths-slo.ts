import { ID_SCHEMA } from './components';
import { jsonBody, jsonOk, PAGE_PARAMS, pathParam, queryParam, RANGE_PARAMS, schemaRef } from './operation-builder';
import type { PathItem } from './openapi-types';

const ANY_OBJECT = { type: 'object' };
const conflict = { '409': { $ref: '#/components/responses/Conflict' } };
const notFound = { '404': { $ref: '#/components/responses/NotFound' } };

/** CRUD of one validated kind (SLOs, synthetic checks); bodies are checked by the capability's own validator. */
function crud(base: string, tag: string, noun: string, plural: string): Record<string, PathItem> {
  const id = pathParam('id', ID_SCHEMA);
  return {
    [base]: {
      get: { operationId: `list${plural}`, summary: `List ${plural.toLowerCase()}`, tags: [tag], parameters: PAGE_PARAMS, responses: jsonOk('A page', schemaRef('StoredDocumentPage')) },
      post: { operationId: `create${noun}`, summary: `Create a ${noun.toLowerCase()}`, tags: [tag], requestBody: jsonBody(ANY_OBJECT), responses: { ...jsonOk('Created', schemaRef('StoredDocument'), '201'), ...conflict } },
    },
    [`${base}/{id}`]: {
      get: { operationId: `get${noun}`, summary: `Get a ${noun.toLowerCase()}`, tags: [tag], parameters: [id], responses: { ...jsonOk('Found', schemaRef('StoredDocument')), ...notFound } },
      put: { operationId: `update${noun}`, summary: `Replace a ${noun.toLowerCase()}; \`version\` makes it conditional`, tags: [tag], parameters: [id], requestBody: jsonBody(ANY_OBJECT), responses: { ...jsonOk('Stored', schemaRef('StoredDocument')), ...conflict, ...notFound } },
      delete: { operationId: `delete${noun}`, summary: `Delete a ${noun.toLowerCase()}`, tags: [tag], parameters: [id], responses: { '204': { description: 'Deleted' }, ...notFound } },
    },
  };
}

/** SLOs, synthetic checks and SLA paths. */
export function sloPaths(): Record<string, PathItem> {
  return {
    ...crud('/monitoring/slos', 'sla', 'Slo', 'Slos'),
    '/monitoring/slos/import': {
      post: {
        operationId: 'importOpenSlo',
        summary: 'Import OpenSLO v1 YAML documents (kind SLO, ratio indicators over Prometheus queries)',
        tags: ['sla'],
        requestBody: { required: true, content: { 'application/yaml': {}, 'application/x-yaml': {}, 'text/yaml': {} } },
        responses: jsonOk('Imported SLOs and per-document errors', ANY_OBJECT),
      },
    },
    ...crud('/monitoring/checks', 'sla', 'Check', 'Checks'),
    '/monitoring/checks/{id}/run': {
      post: { operationId: 'runCheck', summary: 'Probe one check now (does not change its schedule)', tags: ['sla'], parameters: [pathParam('id', ID_SCHEMA)], responses: { ...jsonOk('The probe result', ANY_OBJECT), ...notFound } },
    },
    '/monitoring/sla': {
      get: { operationId: 'getSla', summary: "Every SLO's attainment, remaining budget, burn rates and state", tags: ['sla'], parameters: [queryParam('service', { type: 'string', minLength: 1 })], responses: jsonOk('SLO status', ANY_OBJECT) },
    },
    '/monitoring/sla/reports': {
      get: {
        operationId: 'listSlaReports',
        summary: 'The SLA report of a month, as JSON, CSV or HTML',
        tags: ['sla'],
        parameters: [
          ...RANGE_PARAMS,
          queryParam('period', { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }, 'YYYY-MM; the current month when absent'),
          queryParam('format', { type: 'string', enum: ['json', 'csv', 'html'] }),
          queryParam('service', { type: 'string', minLength: 1 }),
        ],
        responses: jsonOk('The report', ANY_OBJECT),
      },
    },
  };
}
