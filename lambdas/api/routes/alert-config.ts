import { outboundPolicyFromEnv } from '../../adapters/http/http-poster';
import { secretNameRuleFromEnv } from '../../adapters/http/secret-resolver';
import { refusedReceiverUrls, refusedSecretRefs, validateAlertingConfig, type AlertingConfig } from '../../core/alerting/delivery/alerting-config';
import type { EscalationPolicy } from '../../core/alerting/escalation/escalation-policy';
import { whoIsOnCall, type OnCallSchedule } from '../../core/alerting/escalation/oncall-schedule';
import { ALERTING_KINDS, SINGLETON_ID, loadAlertingConfig } from '../../core/alerting/platform/alerting-store';
import type { FieldError } from '../../core/alerting/rules/rule';
import { PlatformError } from '../../core/domain/errors';
import type { RouteHandler } from '../http/api-types';
import { errorResponse, jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { parseTime } from '../params/time-range';
import { stateCrud } from './state-crud';

function unprocessable(what: string, errors: FieldError[]): never {
  throw new PlatformError('unprocessable', `the ${what} is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
}

function strip(body: unknown): Record<string, unknown> {
  const { id: _i, version: _v, updatedAt: _u, ...rest } = (body ?? {}) as Record<string, unknown>;
  return rest;
}

/** Field errors of an escalation policy: levels with targets (user or schedule) and positive timeouts. */
export function policyErrors(input: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const p = input as Partial<EscalationPolicy>;
  if (!Array.isArray(p.levels) || p.levels.length === 0) return [{ field: 'levels', message: 'at least one level is required' }];
  p.levels.forEach((l, i) => {
    if (!Array.isArray(l?.targets) || l.targets.length === 0) errors.push({ field: `levels[${i}].targets`, message: 'at least one target is required' });
    else l.targets.forEach((t: { type?: unknown; id?: unknown }, j: number) => {
      if (t?.type !== 'user' && t?.type !== 'schedule') errors.push({ field: `levels[${i}].targets[${j}].type`, message: 'must be user or schedule' });
      if (typeof t?.id !== 'string' || t.id === '') errors.push({ field: `levels[${i}].targets[${j}].id`, message: 'must be a non-empty string' });
    });
    if (typeof l?.timeoutMinutes !== 'number' || !(l.timeoutMinutes > 0)) errors.push({ field: `levels[${i}].timeoutMinutes`, message: 'must be a number greater than 0' });
  });
  if (p.repeat !== undefined && (!Number.isInteger(p.repeat) || p.repeat < 0)) errors.push({ field: 'repeat', message: 'must be a non-negative integer' });
  return errors;
}

/** Field errors of an on-call schedule, found by asking it who is on call now. */
export function scheduleErrors(input: Record<string, unknown>, now: number): FieldError[] {
  const s = input as Partial<OnCallSchedule>;
  if (typeof s.timeZone !== 'string') return [{ field: 'timeZone', message: 'an IANA time zone such as Europe/Paris is required' }];
  if (!Array.isArray(s.layers)) return [{ field: 'layers', message: 'must be a list' }];
  try {
    whoIsOnCall({ ...(s as OnCallSchedule), id: 'check' }, now);
    return [];
  } catch (e) {
    return [{ field: 'schedule', message: (e as Error).message }];
  }
}

const policies = stateCrud(ALERTING_KINDS.policy, '/monitoring/alerts/escalation-policies', 'escalation policy');
const schedules = stateCrud(ALERTING_KINDS.schedule, '/monitoring/alerts/schedules', 'on-call schedule');

/** Alerting configuration, escalation policies and on-call schedules. */
export const alertConfigRoutes: Readonly<Record<string, RouteHandler>> = {
  async getAlertingConfig({ ports }) {
    return jsonResponse(200, await loadAlertingConfig(ports.state));
  },
  async putAlertingConfig({ ports, body }) {
    // A refused target is a bad argument (400), not a malformed definition (422).
    const refused = refusedReceiverUrls(body, outboundPolicyFromEnv());
    if (refused.length > 0) throw new PlatformError('invalid_argument', `receiver URL refused: ${refused.map((e) => `${e.field}: ${e.message}`).join('; ')}`, refused);
    // Names the platform may not read would only fail at delivery, during an incident: refuse them now.
    const secrets = refusedSecretRefs(body, secretNameRuleFromEnv());
    if (secrets.length > 0) throw new PlatformError('invalid_argument', `secret reference refused: ${secrets.map((e) => `${e.field}: ${e.message}`).join('; ')}`, secrets);
    const errors = validateAlertingConfig(body);
    if (errors.length > 0) unprocessable('alerting configuration', errors);
    await ports.state.put<AlertingConfig>(ALERTING_KINDS.config, SINGLETON_ID, body as AlertingConfig);
    return jsonResponse(200, body);
  },
  listEscalationPolicies: policies.list,
  getEscalationPolicy: policies.get,
  deleteEscalationPolicy: policies.remove,
  async createEscalationPolicy(ctx) {
    const e = policyErrors(strip(ctx.body));
    if (e.length > 0) unprocessable('escalation policy', e);
    return policies.create(ctx);
  },
  async updateEscalationPolicy(ctx) {
    const e = policyErrors(strip(ctx.body));
    if (e.length > 0) unprocessable('escalation policy', e);
    return policies.update(ctx);
  },
  listOnCallSchedules: schedules.list,
  getOnCallSchedule: schedules.get,
  deleteOnCallSchedule: schedules.remove,
  async createOnCallSchedule(ctx) {
    const e = scheduleErrors(strip(ctx.body), ctx.ports.clock.now());
    if (e.length > 0) unprocessable('on-call schedule', e);
    return schedules.create(ctx);
  },
  async updateOnCallSchedule(ctx) {
    const e = scheduleErrors(strip(ctx.body), ctx.ports.clock.now());
    if (e.length > 0) unprocessable('on-call schedule', e);
    return schedules.update(ctx);
  },
  async getOnCall({ ports, params }) {
    const item = await ports.state.get<OnCallSchedule>(ALERTING_KINDS.schedule, params.id as string);
    if (!item) return errorResponse('not_found', `on-call schedule ${String(params.id)} does not exist`, [{ id: params.id }]);
    const at = typeof params.at === 'string' ? parseTime(params.at, 'at') : ports.clock.now();
    const answer = whoIsOnCall({ ...item.value, id: item.id }, at);
    return jsonResponse(200, { schedule: item.id, at: formatMillis(at), ...answer, shiftStart: answer.shiftStart === undefined ? undefined : formatMillis(answer.shiftStart), shiftEnd: answer.shiftEnd === undefined ? undefined : formatMillis(answer.shiftEnd) });
  },
};
