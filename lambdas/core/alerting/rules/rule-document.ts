import { formatDuration } from '../duration';
import type { FieldError, Rule, RuleGroup } from './rule';
import { importPrometheusRules } from './prometheus-rule-import';
import { validateRule } from './rule-validator';
import { compileThresholdRule, type ThresholdRuleInput } from './threshold-rule';

/** A rule as the rules API stores it: Prometheus fields, `name` for `alert`/`record`, or a threshold shorthand instead of `expr`. */
export interface RuleDocument {
  readonly name: string;
  /** @default 'alerting' */
  readonly type?: 'alerting' | 'recording';
  readonly expr?: string;
  readonly threshold?: ThresholdRuleInput;
  readonly for?: string;
  readonly keep_firing_for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly severity?: string;
  readonly interval?: string;
  readonly owner?: string;
  /** Rules naming the same group are evaluated together, in id order, at the shortest interval among them. */
  readonly group?: string;
  readonly description?: string;
}

const DOC_ONLY = new Set(['name', 'type', 'expr', 'threshold', 'group', 'description']);

/** Validates a stored rule document into a typed rule, with every error under its field name. */
export function validateRuleDocument(input: unknown): { rule?: Rule; errors: FieldError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { errors: [{ field: '(rule)', message: 'a rule must be an object' }] };
  const doc = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (doc.type !== undefined && doc.type !== 'alerting' && doc.type !== 'recording') errors.push({ field: 'type', message: 'must be alerting or recording' });
  if (doc.group !== undefined && (typeof doc.group !== 'string' || doc.group === '')) errors.push({ field: 'group', message: 'must be a non-empty string' });
  let expr = doc.expr;
  if (doc.threshold !== undefined) {
    if (doc.expr !== undefined) errors.push({ field: 'threshold', message: 'give either expr or threshold, not both' });
    else {
      const compiled = compileThresholdRule(doc.threshold as ThresholdRuleInput);
      errors.push(...compiled.errors.map((e) => ({ field: `threshold.${e.field}`.replace(/\.$/, ''), message: e.message })));
      expr = compiled.expr;
    }
  }
  const ruleInput: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!DOC_ONLY.has(k)) ruleInput[k] = v;
  ruleInput[doc.type === 'recording' ? 'record' : 'alert'] = doc.name;
  if (expr !== undefined) ruleInput.expr = expr;
  const v = validateRule(ruleInput);
  errors.push(...v.errors.map((e) => (e.field === 'alert' || e.field === 'record' ? { ...e, field: 'name' } : e)));
  return errors.length > 0 ? { errors } : { rule: v.rule, errors };
}

/** A stored group of rules (what a Prometheus rule-file import writes): raw Prometheus rules, validated on write. */
export interface RuleGroupDocument {
  readonly name: string;
  readonly interval: string;
  readonly rules: readonly Record<string, unknown>[];
}

/**
 * Builds the evaluator's groups from stored documents: every group document is one group; rule
 * documents sharing `group` form one group, the others one group each. Invalid stored rules are
 * skipped (they were validated on write; a later validator change must not stop evaluation).
 */
export function ruleGroupsFrom(
  groupDocs: readonly { id: string; value: RuleGroupDocument }[],
  ruleDocs: readonly { id: string; value: RuleDocument }[],
): { key: string; group: RuleGroup }[] {
  const out: { key: string; group: RuleGroup }[] = [];
  for (const d of groupDocs) {
    const [g] = importPrometheusRules(JSON.stringify({ groups: [d.value] })).groups;
    if (g) out.push({ key: `group:${d.id}`, group: g });
  }
  const byGroup = new Map<string, { rules: Rule[]; intervalMs: number }>();
  for (const d of [...ruleDocs].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const v = validateRuleDocument(d.value);
    if (!v.rule) continue;
    const key = d.value.group ? `rules:${d.value.group}` : `rule:${d.id}`;
    const entry = byGroup.get(key) ?? { rules: [], intervalMs: Infinity };
    entry.rules.push(v.rule);
    entry.intervalMs = Math.min(entry.intervalMs, v.rule.intervalMs ?? 60_000);
    byGroup.set(key, entry);
  }
  for (const [key, e] of byGroup) out.push({ key, group: { name: key.startsWith('rules:') ? key.slice(6) : key.slice(5), intervalMs: e.intervalMs, rules: e.rules } });
  return out;
}

/** A typed rule back in Prometheus' rule-file fields (what an imported group stores). */
export function ruleToPrometheus(rule: Rule): Record<string, unknown> {
  const common = { expr: rule.expr, ...(Object.keys(rule.labels).length > 0 ? { labels: rule.labels } : {}), ...(rule.owner ? { owner: rule.owner } : {}) };
  if (rule.kind === 'recording') return { record: rule.record, ...common };
  return {
    alert: rule.name,
    ...common,
    ...(rule.forMs > 0 ? { for: formatDuration(rule.forMs) } : {}),
    ...(rule.keepFiringForMs > 0 ? { keep_firing_for: formatDuration(rule.keepFiringForMs) } : {}),
    ...(Object.keys(rule.annotations).length > 0 ? { annotations: rule.annotations } : {}),
    ...(rule.severity && rule.labels.severity !== rule.severity ? { severity: rule.severity } : {}),
  };
}
