import type { Labels } from '../../domain/series';
import type { AlertInstance, AlertingRuleState } from './alerting-rule-evaluator';
import { RESOLVED_RETENTION_MS } from './alerting-rule-evaluator';

/** An alert in Alertmanager's format, as the rule evaluator hands it to the notification pipeline. Times in Unix ms. */
export interface OutgoingAlert {
  readonly labels: Labels;
  readonly annotations: Labels;
  /** FiredAt, whether firing or resolved. */
  readonly startsAt: number;
  /** ResolvedAt when resolved; otherwise how long the alert stays valid without a resend. */
  readonly endsAt: number;
  readonly generatorURL?: string;
}

/** Send timing: the resend delay (Prometheus' `--rules.alert.resend-delay`, default 1m) and the group interval. */
export interface SendOptions {
  readonly resendDelayMs?: number;
  readonly groupIntervalMs: number;
  /** Builds `generatorURL` for an alert; none when absent. */
  readonly generatorURL?: (alert: AlertInstance) => string;
}

/**
 * Picks the alerts to send to Alertmanager after an evaluation at `time`, per the alert-generator
 * specification: firing alerts when they first fire and again once `ResendDelay` has passed since
 * the last send; resolved alerts when they resolve and again at the same pace while less than
 * 15 minutes have passed since they resolved. Pending alerts are never sent. Returns the state
 * with `lastSentAt` updated.
 */
export function alertsToSend(state: AlertingRuleState, time: number, options: SendOptions): { state: AlertingRuleState; alerts: OutgoingAlert[] } {
  const resendDelay = options.resendDelayMs ?? 60_000;
  const validFor = 4 * Math.max(resendDelay, options.groupIntervalMs);
  const alerts: OutgoingAlert[] = [];
  const next: Record<string, AlertInstance> = { ...state.alerts };
  for (const [fp, a] of Object.entries(state.alerts)) {
    if (!needsSending(a, time, resendDelay)) continue;
    next[fp] = { ...a, lastSentAt: time };
    alerts.push({
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.firedAt ?? a.activeAt,
      endsAt: a.state === 'inactive' ? (a.resolvedAt ?? time) : time + validFor,
      ...(options.generatorURL ? { generatorURL: options.generatorURL(a) } : {}),
    });
  }
  return { state: { ...state, alerts: next }, alerts };
}

function needsSending(a: AlertInstance, time: number, resendDelay: number): boolean {
  if (a.state === 'pending') return false;
  // A pending alert that never fired and then vanished is never reported as resolved.
  if (a.firedAt === undefined) return false;
  if (a.state === 'inactive') {
    if (a.resolvedAt === undefined) return false;
    if (a.lastSentAt === undefined || a.resolvedAt > a.lastSentAt) return true;
    return time - a.lastSentAt >= resendDelay && time - a.resolvedAt < RESOLVED_RETENTION_MS;
  }
  return a.lastSentAt === undefined || time - a.lastSentAt >= resendDelay;
}
