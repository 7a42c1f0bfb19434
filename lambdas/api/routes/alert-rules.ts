import { formatDuration } from '../../core/alerting/duration';
import { ALERTING_KINDS } from '../../core/alerting/platform/alerting-store';
import { importPrometheusRules } from '../../core/alerting/rules/prometheus-rule-import';
import { ruleToPrometheus, validateRuleDocument, type RuleGroupDocument } from '../../core/alerting/rules/rule-document';
import { PlatformError } from '../../core/domain/errors';
import type { RouteHandler } from '../http/api-types';
import { errorResponse, jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { stateCrud } from './state-crud';

const crud = stateCrud(ALERTING_KINDS.rule, '/monitoring/alerts/rules', 'alert rule');

/** Throws 422 with one `{ field, message }` detail per problem when the body is not a valid rule. */
function checkRule(body: unknown): void {
  const { id: _id, version: _v, updatedAt: _u, ...doc } = (body ?? {}) as Record<string, unknown>;
  const v = validateRuleDocument(doc);
  if (v.errors.length > 0) throw new PlatformError('unprocessable', `the rule is invalid: ${v.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, v.errors);
}

/** A store id from a group name: what the id pattern allows, other characters as `-`. */
export function groupId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9._:-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 128);
  return id || 'group';
}

function ruleFileText(body: unknown): string {
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return JSON.stringify(body);
}

/**
 * Alert rule operations. Single rules are documents (kind `alert-rule`) validated by the core
 * validator on create and update (422 with per-field details); a Prometheus rule file imports
 * as groups (kind `alert-rule-group`), each replacing the group of the same name.
 */
export const alertRuleRoutes: Readonly<Record<string, RouteHandler>> = {
  listAlertRules: crud.list,
  getAlertRule: crud.get,
  deleteAlertRule: crud.remove,
  async createAlertRule(ctx) {
    checkRule(ctx.body);
    return crud.create(ctx);
  },
  async updateAlertRule(ctx) {
    checkRule(ctx.body);
    return crud.update(ctx);
  },
  async importAlertRules({ ports, body, params }) {
    const result = importPrometheusRules(ruleFileText(body));
    if (result.groups.length === 0 && result.errors.length > 0) {
      throw new PlatformError('unprocessable', `nothing imported: ${result.errors.length} error(s)`, result.errors);
    }
    const groups = [];
    for (const g of result.groups) {
      const doc: RuleGroupDocument = { name: g.name, interval: formatDuration(g.intervalMs), rules: g.rules.map(ruleToPrometheus) };
      const id = groupId(g.name);
      if (params.dryRun !== true) await ports.state.put(ALERTING_KINDS.ruleGroup, id, doc);
      groups.push({ id, name: g.name, interval: doc.interval, rules: g.rules.length });
    }
    const rules = groups.reduce((n, g) => n + g.rules, 0);
    return jsonResponse(200, { imported: params.dryRun === true ? 0 : rules, dryRun: params.dryRun === true, groups, errors: result.errors });
  },
  async listAlertRuleGroups({ ports }) {
    const page = await ports.state.list<RuleGroupDocument>(ALERTING_KINDS.ruleGroup, { limit: 1000 });
    return jsonResponse(200, { items: page.items.map((i) => ({ id: i.id, ...i.value, version: i.version, updatedAt: formatMillis(i.updatedAt) })) });
  },
  async getAlertRuleGroup({ ports, params }) {
    const item = await ports.state.get<RuleGroupDocument>(ALERTING_KINDS.ruleGroup, params.id as string);
    if (!item) return errorResponse('not_found', `rule group ${String(params.id)} does not exist`, [{ id: params.id }]);
    return jsonResponse(200, { id: item.id, ...item.value, version: item.version, updatedAt: formatMillis(item.updatedAt) });
  },
  async deleteAlertRuleGroup({ ports, params }) {
    const deleted = await ports.state.delete(ALERTING_KINDS.ruleGroup, params.id as string);
    return deleted ? { statusCode: 204 } : errorResponse('not_found', `rule group ${String(params.id)} does not exist`, [{ id: params.id }]);
  },
};
