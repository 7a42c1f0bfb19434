import { ID_SCHEMA } from './components';
import { jsonOk, PAGE_PARAMS, paramRef, pathParam, queryParam, RANGE_PARAMS } from './operation-builder';
import type { JsonSchema, OperationObject, PathItem } from './openapi-types';

const OBJECT: JsonSchema = { type: 'object', additionalProperties: true };
const ANY_OK = (description: string, status = '200') => jsonOk(description, OBJECT, status);
const json = (schema: JsonSchema = OBJECT, required = true): OperationObject['requestBody'] => ({ required, content: { 'application/json': { schema } } });
const refs = (...names: string[]) => Object.fromEntries(names.map((n) => [n, { $ref: `#/components/responses/${n === '404' ? 'NotFound' : n === '409' ? 'Conflict' : 'BadRequest'}` }]));
const UNPROCESSABLE = { '422': { description: 'Valid JSON, invalid definition: one detail per field ({ field, message })', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } };
const op = (operationId: string, summary: string, extra: Partial<OperationObject> = {}): OperationObject => ({ operationId, summary, tags: ['alerts'], responses: ANY_OK('OK'), ...extra });
const id = pathParam('id', ID_SCHEMA);
const ALERT_ID = pathParam('id', { type: 'string', minLength: 1, maxLength: 128 });

const RULE_BODY: JsonSchema = {
  type: 'object',
  required: ['name'],
  anyOf: [{ required: ['expr'] }, { required: ['threshold'] }],
  properties: {
    id: ID_SCHEMA,
    name: { type: 'string', minLength: 1, maxLength: 256 },
    type: { type: 'string', enum: ['alerting', 'recording'] },
    expr: { type: 'string', minLength: 1, maxLength: 16384, description: 'A PromQL expression.' },
    threshold: { type: 'object', description: 'Shorthand instead of expr: { metric, labels, op, threshold, aggregation, window, windowFunction }.' },
    for: { type: 'string' },
    keep_firing_for: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    severity: { type: 'string' },
    interval: { type: 'string' },
    owner: { type: 'string' },
    group: { type: 'string', minLength: 1 },
    version: { type: 'integer', minimum: 0 },
  },
  additionalProperties: true,
  description: 'A rule: Prometheus fields with `name` for alert/record; semantic problems answer 422 with one detail per field.',
};

/** CRUD paths of one validated alerting document kind. */
function crud(base: string, noun: string, plural: string, summary: string, body: JsonSchema = OBJECT): Record<string, PathItem> {
  const write = { requestBody: json(body), responses: { ...ANY_OK('Stored'), ...UNPROCESSABLE, ...refs('409') } };
  return {
    [base]: {
      get: op(`list${plural}`, `List ${summary}`, { parameters: PAGE_PARAMS }),
      post: op(`create${noun}`, `Create ${summary.replace(/s$/, '')}; an \`id\` in the body is kept`, { ...write, responses: { ...ANY_OK('Created', '201'), ...UNPROCESSABLE, ...refs('409') } }),
    },
    [`${base}/{id}`]: {
      get: op(`get${noun}`, `Get ${summary.replace(/s$/, '')}`, { parameters: [id], responses: { ...ANY_OK('Found'), ...refs('404') } }),
      put: op(`update${noun}`, `Replace ${summary.replace(/s$/, '')}; \`version\` or If-Match makes it conditional`, { parameters: [id, paramRef('IfMatch')], ...write }),
      delete: op(`delete${noun}`, `Delete ${summary.replace(/s$/, '')}`, { parameters: [id, paramRef('IfMatch'), queryParam('version', { type: 'integer', minimum: 0 })], responses: { '204': { description: 'Deleted' }, ...refs('404', '409') } }),
    },
  };
}

const RULE_FILE = { schema: { type: 'string' } };

/** The alerting capability's paths: rules, alerts, silences, incidents, escalation, on-call, analytics, configuration. */
export function alertingPaths(): Record<string, PathItem> {
  return {
    '/monitoring/alerts': {
      get: op('listAlerts', 'Alerts (pending and firing by default) with their acknowledgement and incident', {
        parameters: [
          queryParam('state', { type: 'string', enum: ['pending', 'firing', 'resolved', 'active', 'all'] }, 'active (default) = pending and firing'),
          queryParam('severity', { type: 'string' }),
          queryParam('label', { type: 'array', items: { type: 'string', minLength: 1 } }, 'Matchers such as service="api" or team=~"a.*"; all must hold'),
          queryParam('rule', { type: 'string' }),
          ...RANGE_PARAMS,
          ...PAGE_PARAMS,
        ],
      }),
    },
    ...crud('/monitoring/alerts/rules', 'AlertRule', 'AlertRules', 'alert rules', RULE_BODY),
    '/monitoring/alerts/rules/import': {
      post: op('importAlertRules', 'Import a Prometheus rule file (YAML `groups:`); each group is stored (replacing one of the same name); per-rule errors', {
        parameters: [queryParam('dryRun', { type: 'boolean' })],
        requestBody: { required: true, content: { 'application/yaml': RULE_FILE, 'application/x-yaml': RULE_FILE, 'text/yaml': RULE_FILE, 'text/plain': RULE_FILE, 'application/json': { schema: OBJECT } } },
        responses: { ...ANY_OK('Imported, with the errors of the rules left out'), ...UNPROCESSABLE },
      }),
    },
    '/monitoring/alerts/rules/groups': { get: op('listAlertRuleGroups', 'Imported rule groups') },
    '/monitoring/alerts/rules/groups/{id}': {
      get: op('getAlertRuleGroup', 'One imported rule group', { parameters: [id], responses: { ...ANY_OK('Found'), ...refs('404') } }),
      delete: op('deleteAlertRuleGroup', 'Delete an imported rule group', { parameters: [id], responses: { '204': { description: 'Deleted' }, ...refs('404') } }),
    },
    '/monitoring/alerts/{id}/ack': {
      post: op('acknowledgeAlert', 'Acknowledge an alert or an incident (acking an incident acks its alerts); stops escalation', { parameters: [ALERT_ID], requestBody: json(OBJECT, false), responses: { ...ANY_OK('Acknowledged'), ...refs('404') } }),
    },
    '/monitoring/alerts/{id}/resolve': {
      post: op('resolveAlert', 'Resolve an incident (or the incident of an alert) by hand', { parameters: [ALERT_ID], requestBody: json(OBJECT, false), responses: { ...ANY_OK('Resolved'), ...refs('404') } }),
    },
    '/monitoring/alerts/silences': {
      get: op('listSilences', 'Silences', { parameters: [queryParam('state', { type: 'string', enum: ['pending', 'active', 'expired'] }), ...PAGE_PARAMS] }),
      post: op('createSilence', 'Create a silence: matchers, startsAt, endsAt (or duration), createdBy, comment', { requestBody: json(), responses: { ...ANY_OK('Created', '201'), ...UNPROCESSABLE } }),
    },
    '/monitoring/alerts/silences/{id}': {
      get: op('getSilence', 'One silence', { parameters: [id], responses: { ...ANY_OK('Found'), ...refs('404') } }),
      put: op('updateSilence', 'Replace a silence', { parameters: [id], requestBody: json(), responses: { ...ANY_OK('Stored'), ...UNPROCESSABLE, ...refs('404') } }),
      delete: op('expireSilence', 'Expire a silence (it is kept, expired, as Alertmanager does)', { parameters: [id], responses: { '204': { description: 'Expired' }, ...refs('404') } }),
    },
    '/monitoring/alerts/analytics': {
      get: op('getAlertAnalytics', 'MTTA, MTTR (overall and by severity and service), noisiest rules, flapping alerts', { parameters: [...RANGE_PARAMS, queryParam('limit', { type: 'integer', minimum: 1, maximum: 100 })] }),
    },
    '/monitoring/alerts/config': {
      get: op('getAlertingConfig', 'Routing tree, receivers (secrets by reference), inhibition, time intervals'),
      put: op('putAlertingConfig', 'Replace the alerting configuration', { requestBody: json(), responses: { ...ANY_OK('Stored'), ...UNPROCESSABLE } }),
    },
    '/monitoring/alerts/deliveries': {
      get: op('listAlertDeliveries', 'Delivery records: every attempt and its result', { parameters: PAGE_PARAMS }),
    },
    ...crud('/monitoring/alerts/escalation-policies', 'EscalationPolicy', 'EscalationPolicies', 'escalation policies'),
    ...crud('/monitoring/alerts/schedules', 'OnCallSchedule', 'OnCallSchedules', 'on-call schedules'),
    '/monitoring/alerts/schedules/{id}/oncall': {
      get: op('getOnCall', 'Who is on call at `at` (default now)', { parameters: [id, queryParam('at', { type: 'string', minLength: 1 })], responses: { ...ANY_OK('Answer'), ...refs('404') } }),
    },
    '/monitoring/incidents': {
      get: op('listIncidents', 'Incidents (correlated alerts)', { parameters: [queryParam('status', { type: 'string', enum: ['triggered', 'acknowledged', 'resolved', 'open'] }), ...RANGE_PARAMS, ...PAGE_PARAMS] }),
    },
    '/monitoring/incidents/{id}': {
      get: op('getIncident', 'One incident with its timeline: trigger, notifications, acks, escalations, resolution', { parameters: [id], responses: { ...ANY_OK('Found'), ...refs('404') } }),
    },
  };
}
