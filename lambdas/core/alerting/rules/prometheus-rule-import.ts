import { parseDocument } from 'yaml';
import { parseDuration } from '../duration';
import type { FieldError, Rule, RuleGroup } from './rule';
import { validateRule } from './rule-validator';

/** The result of importing a Prometheus rule file: the groups with every rule that parsed, and an error per field that did not. */
export interface RuleImport {
  readonly groups: RuleGroup[];
  readonly errors: FieldError[];
}

const DEFAULT_INTERVAL_MS = 60_000;

/**
 * Imports a Prometheus rule file (YAML or JSON, `groups: [{ name, interval, rules }]`).
 * A rule that does not validate is left out and reported with its path, e.g.
 * `groups[0].rules[3].for`; the other rules still import. Duplicate group names are an error, as in Prometheus.
 */
export function importPrometheusRules(text: string): RuleImport {
  const errors: FieldError[] = [];
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { groups: [], errors: doc.errors.map((e) => ({ field: '(file)', message: `YAML: ${e.message.split('\n')[0]}` })) };
  }
  const root = doc.toJS() as unknown;
  if (root === null || root === undefined) return { groups: [], errors };
  if (typeof root !== 'object' || Array.isArray(root) || !Array.isArray((root as { groups?: unknown }).groups)) {
    return { groups: [], errors: [{ field: 'groups', message: 'the file must have a "groups" list' }] };
  }
  const groups: RuleGroup[] = [];
  const names = new Set<string>();
  (root as { groups: unknown[] }).groups.forEach((g, gi) => {
    const path = `groups[${gi}]`;
    if (typeof g !== 'object' || g === null || Array.isArray(g)) {
      errors.push({ field: path, message: 'a group must be an object' });
      return;
    }
    const group = g as { name?: unknown; interval?: unknown; rules?: unknown };
    if (typeof group.name !== 'string' || group.name === '') {
      errors.push({ field: `${path}.name`, message: 'must be a non-empty string' });
      return;
    }
    if (names.has(group.name)) errors.push({ field: `${path}.name`, message: `duplicate group name "${group.name}"` });
    names.add(group.name);
    let intervalMs = DEFAULT_INTERVAL_MS;
    if (group.interval !== undefined && group.interval !== null) {
      try {
        intervalMs = parseDuration(String(group.interval));
        if (intervalMs <= 0) throw new Error('zero');
      } catch {
        errors.push({ field: `${path}.interval`, message: `"${String(group.interval)}" is not a positive duration` });
        intervalMs = DEFAULT_INTERVAL_MS;
      }
    }
    const rules: Rule[] = [];
    const list = group.rules ?? [];
    if (!Array.isArray(list)) {
      errors.push({ field: `${path}.rules`, message: 'must be a list' });
    } else {
      list.forEach((r, ri) => {
        const v = validateRule(r, `${path}.rules[${ri}]`);
        if (v.rule) rules.push({ ...v.rule, intervalMs });
        else errors.push(...v.errors);
      });
    }
    groups.push({ name: group.name, intervalMs, rules });
  });
  return { groups, errors };
}
