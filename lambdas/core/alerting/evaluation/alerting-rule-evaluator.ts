import type { Labels } from '../../domain/series';
import { labelsFingerprint } from '../fingerprint';
import type { AlertingRule } from '../rules/rule';
import { expandAlertTemplate, type TemplateContext } from './alert-template-data';
import type { OutputSample, QueryFunction } from './query-function';

/** The state of one alert (one label set of one rule). */
export type AlertState = 'pending' | 'firing' | 'inactive';

/** One alert as the state machine keeps it; plain JSON so a StateStore can hold it. Times in Unix ms. */
export interface AlertInstance {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly state: AlertState;
  readonly value: number;
  readonly activeAt: number;
  readonly firedAt?: number;
  readonly resolvedAt?: number;
  readonly lastSentAt?: number;
  /** When the expression stopped returning a firing alert that `keep_firing_for` holds. */
  readonly keepFiringSince?: number;
}

/** Health of a rule's last evaluation, as `/api/v1/rules` reports it. */
export type RuleHealth = 'ok' | 'err' | 'unknown';

/** Everything the evaluator remembers about one alerting rule between evaluations. */
export interface AlertingRuleState {
  /** Alerts by the fingerprint of their labels: pending, firing, and resolved ones kept for resending. */
  readonly alerts: Readonly<Record<string, AlertInstance>>;
  readonly health: RuleHealth;
  readonly lastError?: string;
  readonly lastEvaluation?: number;
}

/** The outcome of one evaluation: the new state and the ALERTS / ALERTS_FOR_STATE samples. */
export interface AlertingRuleEvaluation {
  readonly state: AlertingRuleState;
  readonly samples: OutputSample[];
}

/** A rule that has never been evaluated. */
export const EMPTY_ALERTING_RULE_STATE: AlertingRuleState = { alerts: {}, health: 'unknown' };

/** How long a resolved alert is kept (and resent) after it resolved: Prometheus' `resolvedRetention`. */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

/**
 * Evaluates an alerting rule at `time` and steps the Prometheus alert state machine:
 * a new result is pending (or firing at once when `for` is 0); pending becomes firing once
 * it has been active for `for`; an alert the query no longer returns resolves (pending ones
 * vanish), unless it was firing and `keep_firing_for` still holds it. Resolved alerts stay
 * 15 minutes so they can be resent. On a query error or duplicate label sets nothing changes
 * but the health, and no samples are produced (the specification's step 4).
 */
export async function evaluateAlertingRule(
  rule: AlertingRule,
  previous: AlertingRuleState,
  query: QueryFunction,
  time: number,
  ctx: TemplateContext = {},
): Promise<AlertingRuleEvaluation> {
  let results;
  try {
    results = await query(rule.expr, time);
  } catch (e) {
    return { state: { ...previous, health: 'err', lastError: (e as Error).message, lastEvaluation: time }, samples: [] };
  }
  const fresh = new Map<string, { labels: Labels; annotations: Labels; value: number }>();
  for (const r of results) {
    const labels = alertLabels(rule, r.labels, r.value, ctx);
    const fp = labelsFingerprint(labels);
    if (fresh.has(fp)) {
      const lastError = 'vector contains metrics with the same labelset after applying alert labels';
      return { state: { ...previous, health: 'err', lastError, lastEvaluation: time }, samples: [] };
    }
    const annotations: Record<string, string> = {};
    for (const [k, src] of Object.entries(rule.annotations)) annotations[k] = expandAlertTemplate(k, src, r.labels, r.value, ctx);
    fresh.set(fp, { labels, annotations, value: r.value });
  }

  const next: Record<string, AlertInstance> = {};
  for (const [fp, f] of fresh) {
    const old = previous.alerts[fp];
    // An alert that is still active keeps its ActiveAt; an inactive one with the same labels is replaced by a new alert.
    next[fp] = old && old.state !== 'inactive'
      ? { ...old, value: f.value, annotations: f.annotations, keepFiringSince: undefined }
      : { labels: f.labels, annotations: f.annotations, state: 'pending', value: f.value, activeAt: time };
  }
  for (const [fp, a] of Object.entries(previous.alerts)) {
    if (fresh.has(fp)) continue;
    let keepFiring = false;
    let alert = a;
    if (a.state === 'firing' && rule.keepFiringForMs > 0) {
      const since = a.keepFiringSince ?? time;
      alert = { ...a, keepFiringSince: since };
      keepFiring = time - since < rule.keepFiringForMs;
    }
    if (keepFiring) {
      next[fp] = alert;
      continue;
    }
    if (a.state === 'pending') continue;
    if (a.state === 'inactive') {
      if (a.resolvedAt !== undefined && time - a.resolvedAt >= RESOLVED_RETENTION_MS) continue;
      next[fp] = a;
      continue;
    }
    next[fp] = { ...alert, state: 'inactive', resolvedAt: time, keepFiringSince: undefined };
  }

  const samples: OutputSample[] = [];
  for (const [fp, a] of Object.entries(next)) {
    if (a.state === 'inactive') continue;
    let alert = a;
    if (a.state === 'pending' && time - a.activeAt >= rule.forMs) {
      alert = { ...a, state: 'firing', firedAt: time };
      next[fp] = alert;
    }
    samples.push({ labels: { ...alert.labels, __name__: 'ALERTS', alertstate: alert.state }, value: 1, timestamp: time });
    samples.push({ labels: { ...alert.labels, __name__: 'ALERTS_FOR_STATE' }, value: alert.activeAt / 1000, timestamp: time });
  }
  return { state: { alerts: next, health: 'ok', lastEvaluation: time }, samples };
}

/** The labels of an alert: the result's labels without `__name__`, the rule's expanded labels, and `alertname`. */
function alertLabels(rule: AlertingRule, resultLabels: Labels, value: number, ctx: TemplateContext): Labels {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(resultLabels)) if (k !== '__name__') out[k] = v;
  for (const [k, src] of Object.entries(rule.labels)) {
    const v = expandAlertTemplate(k, src, resultLabels, value, ctx);
    // An empty label value means "no label", as everywhere in Prometheus.
    if (v === '') delete out[k];
    else out[k] = v;
  }
  out.alertname = rule.name;
  return out;
}

/** The rule's overall state for `/api/v1/rules`: firing if any alert fires, else pending if any is pending. */
export function ruleAlertState(state: AlertingRuleState): AlertState {
  const states = Object.values(state.alerts).map((a) => a.state);
  if (states.includes('firing')) return 'firing';
  if (states.includes('pending')) return 'pending';
  return 'inactive';
}
