import { formatDuration } from '../../core/alerting/duration';
import { ALERTING_KINDS } from '../../core/alerting/platform/alerting-store';
import { parse } from 'yaml';
import { importPrometheusRules, type RuleImport } from '../../core/alerting/rules/prometheus-rule-import';
import type { FieldError } from '../../core/alerting/rules/rule';
import { parsePromql } from '../../core/promql/parser';
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
  const problem = v.rule ? exprProblem(v.rule.expr) : undefined;
  if (problem) v.errors.push({ field: doc.threshold !== undefined ? 'threshold' : 'expr', message: problem });
  if (v.errors.length > 0) throw new PlatformError('unprocessable', `the rule is invalid: ${v.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, v.errors);
}

/** Why an expression does not parse as PromQL, or undefined (the core validator only checks structure; the parser knows the grammar). */
function exprProblem(expr: string): string | undefined {
  try {
    parsePromql(expr);
    return undefined;
  } catch (e) {
    return `not valid PromQL: ${(e as Error).message}`;
  }
}

/**
 * The import with every kept rule's expression parsed too: a rule whose expression does not
 * parse is dropped and reported under its position in the file (kept rules follow the file's
 * order, so positions are recovered from the errors the import already reported).
 */
function importChecked(text: string): RuleImport {
  const result = importPrometheusRules(text);
  let raw: { name?: unknown; rules?: unknown }[] = [];
  try {
    const doc = parse(text) as { groups?: unknown } | null;
    if (Array.isArray(doc?.groups)) raw = doc.groups as typeof raw;
  } catch {
    return result;
  }
  const errors: FieldError[] = [...result.errors];
  const reported = new Set(result.errors.map((e) => e.field));
  const drop = new Map<string, Set<number>>();
  raw.forEach((g, gi) => {
    if (!Array.isArray(g?.rules) || typeof g.name !== 'string') return;
    const dropped = (ri: number) => result.errors.some((e) => e.field === `groups[${gi}].rules[${ri}]` || e.field.startsWith(`groups[${gi}].rules[${ri}].`));
    let kept = 0;
    (g.rules as { expr?: unknown }[]).forEach((r, ri) => {
      const wasKept = !dropped(ri);
      const expr = typeof r?.expr === 'number' ? String(r.expr) : r?.expr;
      const problem = typeof expr === 'string' && !reported.has(`groups[${gi}].rules[${ri}].expr`) ? exprProblem(expr) : undefined;
      if (problem) {
        errors.push({ field: `groups[${gi}].rules[${ri}].expr`, message: problem });
        if (wasKept) (drop.get(g.name as string) ?? drop.set(g.name as string, new Set()).get(g.name as string)!).add(kept);
      }
      if (wasKept) kept++;
    });
  });
  const groups = result.groups.map((g) => ({ ...g, rules: g.rules.filter((_, k) => !drop.get(g.name)?.has(k)) }));
  errors.sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true }));
  return { groups, errors };
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
    const result = importChecked(ruleFileText(body));
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
