import type { Labels } from '../../domain/series';

/** Severity of an alerting rule; the same words the Notifier port routes on. */
export type RuleSeverity = 'critical' | 'warning' | 'info';

/** An alerting rule, Prometheus style, plus the platform's severity, interval and owner. */
export interface AlertingRule {
  readonly kind: 'alerting';
  /** The `alert:` name; becomes the `alertname` label. */
  readonly name: string;
  readonly expr: string;
  /** How long a result must persist before the alert fires, in milliseconds (0: fire at once). */
  readonly forMs: number;
  /** How long a firing alert keeps firing after its expression stops returning it, in milliseconds. */
  readonly keepFiringForMs: number;
  /** Label templates added to every alert (they override the query's labels). */
  readonly labels: Labels;
  /** Annotation templates. */
  readonly annotations: Labels;
  readonly severity?: RuleSeverity;
  /** Evaluation interval in milliseconds; a rule in a group uses the group's. */
  readonly intervalMs?: number;
  /** Team or person owning the rule. */
  readonly owner?: string;
}

/** A recording rule: the expression's result is stored as a new series named `record`. */
export interface RecordingRule {
  readonly kind: 'recording';
  readonly record: string;
  readonly expr: string;
  readonly labels: Labels;
  readonly intervalMs?: number;
  readonly owner?: string;
}

/** Either kind of rule. */
export type Rule = AlertingRule | RecordingRule;

/** A group of rules evaluated in order at one interval (results of earlier rules visible to later ones). */
export interface RuleGroup {
  readonly name: string;
  /** Milliseconds; Prometheus' default is one minute. */
  readonly intervalMs: number;
  readonly rules: readonly Rule[];
}

/** One problem with one field of a rule definition. */
export interface FieldError {
  /** A JSON-path-like location, e.g. `groups[0].rules[2].for`. */
  readonly field: string;
  readonly message: string;
}

/** The name of a rule whatever its kind. */
export function ruleName(rule: Rule): string {
  return rule.kind === 'alerting' ? rule.name : rule.record;
}
