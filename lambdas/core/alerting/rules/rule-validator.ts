import type { Labels } from '../../domain/series';
import { parseDuration } from '../duration';
import { parseTemplate } from '../evaluation/template/template-parser';
import type { AlertingRule, FieldError, RecordingRule, Rule, RuleSeverity } from './rule';

/** The raw shape of a rule as a user or a YAML file gives it (Prometheus field names). */
export interface RuleInput {
  readonly alert?: unknown;
  readonly record?: unknown;
  readonly expr?: unknown;
  readonly for?: unknown;
  readonly keep_firing_for?: unknown;
  readonly labels?: unknown;
  readonly annotations?: unknown;
  readonly severity?: unknown;
  readonly interval?: unknown;
  readonly owner?: unknown;
}

/** The result of validating one rule: the rule when every field is valid, and every error found. */
export interface RuleValidation {
  readonly rule?: Rule;
  readonly errors: FieldError[];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SEVERITIES: readonly RuleSeverity[] = ['critical', 'warning', 'info'];
const KNOWN_FIELDS = new Set(['alert', 'record', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations', 'severity', 'interval', 'owner']);

/**
 * Validates a rule definition field by field and builds the typed rule. Every problem is
 * reported (not only the first), each with the field it belongs to under `path`.
 */
export function validateRule(input: unknown, path = ''): RuleValidation {
  const errors: FieldError[] = [];
  const at = (f: string) => (path ? `${path}.${f}` : f);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { errors: [{ field: path || '(rule)', message: 'a rule must be an object' }] };
  }
  const r = input as RuleInput & Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!KNOWN_FIELDS.has(key)) errors.push({ field: at(key), message: `unknown field "${key}"` });
  }
  const isAlert = r.alert !== undefined;
  const isRecord = r.record !== undefined;
  if (isAlert === isRecord) {
    errors.push({ field: path || '(rule)', message: 'exactly one of "alert" and "record" must be set' });
  }
  if (isAlert && (typeof r.alert !== 'string' || r.alert.trim() === '')) {
    errors.push({ field: at('alert'), message: 'must be a non-empty string' });
  }
  if (isRecord && (typeof r.record !== 'string' || !METRIC_NAME.test(r.record))) {
    errors.push({ field: at('record'), message: 'must be a valid metric name' });
  }
  const expr = typeof r.expr === 'number' ? String(r.expr) : r.expr;
  if (typeof expr !== 'string' || expr.trim() === '') {
    errors.push({ field: at('expr'), message: 'must be a non-empty PromQL expression' });
  } else if (!balanced(expr)) {
    errors.push({ field: at('expr'), message: 'unbalanced brackets, braces, parentheses or quotes' });
  }
  const forMs = duration(r.for, at('for'), errors);
  const keepMs = duration(r.keep_firing_for, at('keep_firing_for'), errors);
  const intervalMs = r.interval === undefined ? undefined : duration(r.interval, at('interval'), errors);
  if (intervalMs === 0) errors.push({ field: at('interval'), message: 'must be greater than zero' });
  const labels = labelMap(r.labels, at('labels'), errors, true);
  const annotations = labelMap(r.annotations, at('annotations'), errors, false);
  let severity: RuleSeverity | undefined;
  if (r.severity !== undefined) {
    if (typeof r.severity === 'string' && (SEVERITIES as readonly string[]).includes(r.severity)) severity = r.severity as RuleSeverity;
    else errors.push({ field: at('severity'), message: `must be one of ${SEVERITIES.join(', ')}` });
  } else if (typeof labels.severity === 'string' && (SEVERITIES as readonly string[]).includes(labels.severity)) {
    severity = labels.severity as RuleSeverity;
  }
  if (r.owner !== undefined && typeof r.owner !== 'string') errors.push({ field: at('owner'), message: 'must be a string' });
  if (isRecord) {
    if (r.for !== undefined) errors.push({ field: at('for'), message: 'only alerting rules take "for"' });
    if (r.keep_firing_for !== undefined) errors.push({ field: at('keep_firing_for'), message: 'only alerting rules take "keep_firing_for"' });
    if (r.annotations !== undefined) errors.push({ field: at('annotations'), message: 'only alerting rules take annotations' });
  }
  if (errors.length > 0) return { errors };
  const owner = r.owner as string | undefined;
  const rule: AlertingRule | RecordingRule = isAlert
    ? { kind: 'alerting', name: r.alert as string, expr: expr as string, forMs, keepFiringForMs: keepMs, labels, annotations, severity, intervalMs, owner }
    : { kind: 'recording', record: r.record as string, expr: expr as string, labels, intervalMs, owner };
  return { rule, errors };
}

function duration(value: unknown, field: string, errors: FieldError[]): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'string') {
    errors.push({ field, message: 'must be a duration such as "5m"' });
    return 0;
  }
  try {
    return parseDuration(value);
  } catch {
    errors.push({ field, message: `"${value}" is not a duration (use e.g. 30s, 5m, 1h30m)` });
    return 0;
  }
}

function labelMap(value: unknown, field: string, errors: FieldError[], isLabels: boolean): Labels {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ field, message: 'must be a map of names to strings' });
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (!LABEL_NAME.test(k)) errors.push({ field: `${field}.${k}`, message: 'not a valid label name' });
    else if (isLabels && k === '__name__') errors.push({ field: `${field}.${k}`, message: '__name__ cannot be set by a rule' });
    if (typeof v === 'string') {
      out[k] = v;
      const problem = templateProblem(v);
      if (problem) errors.push({ field: `${field}.${k}`, message: `template does not parse: ${problem}` });
    }
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else errors.push({ field: `${field}.${k}`, message: 'must be a string' });
  }
  return out;
}

function templateProblem(text: string): string | undefined {
  if (!text.includes('{{')) return undefined;
  try {
    parseTemplate(text);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

// A cheap structural check; full PromQL parsing belongs to the PromQL engine, which rejects the rest at evaluation.
function balanced(expr: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === '`') {
      const close = findClose(expr, i, c);
      if (close < 0) return false;
      i = close;
    } else if (c === '#') {
      const nl = expr.indexOf('\n', i);
      i = nl < 0 ? expr.length : nl;
    } else if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) return false;
  }
  return stack.length === 0;
}

function findClose(s: string, start: number, quote: string): number {
  for (let i = start + 1; i < s.length; i++) {
    if (s[i] === '\\' && quote !== '`') i++;
    else if (s[i] === quote) return i;
  }
  return -1;
}
