import { parseDuration } from '../alerting/duration';
import type { LogRecord } from '../domain/log-record';
import type { Series } from '../domain/series';
import type { Notification } from '../ports/notifier';
import type { ServiceStatus, StatusIncident, UptimeDay } from '../status/status-page';
import { probeSeries, type ProbeResult, type SyntheticCheck } from './check-model';

/** What the platform remembers about one check between rounds. */
export interface CheckState {
  readonly lastRunAt?: number;
  readonly consecutiveFailures: number;
  /** Whether the check is currently alerting (failed `failuresToAlert` times in a row). */
  readonly alerting: boolean;
  readonly alertingSince?: number;
  readonly lastResult?: ProbeResult;
  /** Good and total probes per UTC day, the last 90 days. */
  readonly days: Readonly<Record<string, readonly [number, number]>>;
}

/** A fresh state. */
export const NEW_CHECK_STATE: CheckState = { consecutiveFailures: 0, alerting: false, days: {} };

/** What one round produced. */
export interface ProbeRound {
  readonly results: ProbeResult[];
  readonly series: Series[];
  readonly logs: LogRecord[];
  readonly notifications: Notification[];
  readonly states: Record<string, CheckState>;
}

/**
 * Runs the checks that are due (enabled, and their interval elapsed since the last run) in
 * parallel, and turns the results into `probe_*` series, one log record per probe, updated
 * states, and a notification when a check starts failing (`failuresToAlert` failures in a
 * row) or recovers. Checks not due keep their state.
 */
export async function runProbeRound(
  checks: readonly SyntheticCheck[],
  states: Readonly<Record<string, CheckState>>,
  probe: (check: SyntheticCheck) => Promise<ProbeResult>,
  now: number,
  failuresToAlert = 2,
): Promise<ProbeRound> {
  const due = checks.filter((c) => c.enabled && isDue(c, states[c.id], now));
  const results = await Promise.all(due.map((c) => probe(c)));
  const out: ProbeRound = { results, series: [], logs: [], notifications: [], states: { ...states } };
  due.forEach((check, i) => {
    const r = results[i];
    out.series.push(...probeSeries(check, r));
    out.logs.push(probeLog(check, r));
    const prev = states[check.id] ?? NEW_CHECK_STATE;
    const failures = r.success ? 0 : prev.consecutiveFailures + 1;
    const alerting = r.success ? false : prev.alerting || failures >= failuresToAlert;
    if (alerting && !prev.alerting) out.notifications.push(notification(check, r, 'failing'));
    if (!alerting && prev.alerting) out.notifications.push(notification(check, r, 'recovered'));
    out.states[check.id] = {
      lastRunAt: now,
      consecutiveFailures: failures,
      alerting,
      ...(alerting ? { alertingSince: prev.alerting ? prev.alertingSince : now } : {}),
      lastResult: r,
      days: countDay(prev.days, r),
    };
  });
  return out;
}

function isDue(check: SyntheticCheck, state: CheckState | undefined, now: number): boolean {
  // A little slack so a one-minute job does not skip one-minute checks on timer jitter.
  return state?.lastRunAt === undefined || now - state.lastRunAt >= parseDuration(check.interval) - 5_000;
}

function probeLog(check: SyntheticCheck, r: ProbeResult): LogRecord {
  const ms = Math.round(r.durationMs);
  return {
    id: `probe-${check.id}-${r.timestamp}`,
    timestamp: r.timestamp,
    service: check.service,
    source: 'synthetic',
    level: r.success ? 'info' : 'error',
    message: r.success ? `probe ${check.name} succeeded in ${ms} ms` : `probe ${check.name} failed: ${r.failure} (${ms} ms)`,
    attributes: { check: check.id, url: check.url, durationMs: ms, ...(r.status !== undefined && { status: r.status }), ...(r.certificateExpiresAt !== undefined && { certificateExpiresAt: new Date(r.certificateExpiresAt).toISOString() }) },
  };
}

function notification(check: SyntheticCheck, r: ProbeResult, kind: 'failing' | 'recovered'): Notification {
  return {
    severity: kind === 'failing' ? 'critical' : 'info',
    subject: kind === 'failing' ? `[FIRING] ${check.name} is failing` : `[RESOLVED] ${check.name} recovered`,
    message: kind === 'failing' ? `Synthetic check ${check.name} (${check.url}) failed: ${r.failure}.` : `Synthetic check ${check.name} (${check.url}) succeeds again.`,
    attributes: { check: check.id, service: check.service, status: kind },
    dedupKey: `check-${check.id}-${kind}-${r.timestamp}`,
  };
}

function countDay(days: CheckState['days'], r: ProbeResult): Record<string, readonly [number, number]> {
  const day = new Date(r.timestamp).toISOString().slice(0, 10);
  const [good, total] = days[day] ?? [0, 0];
  const next: Record<string, readonly [number, number]> = { ...days, [day]: [good + (r.success ? 1 : 0), total + 1] };
  const cutoff = new Date(r.timestamp - 89 * 86_400_000).toISOString().slice(0, 10);
  for (const d of Object.keys(next)) if (d < cutoff) delete next[d];
  return next;
}

/**
 * The status page's services from the checks and their states: operational when every check
 * of the service passes, outage when every one fails, degraded in between; 90 uptime days.
 */
export function statusOfServices(checks: readonly SyntheticCheck[], states: Readonly<Record<string, CheckState>>, now: number): { services: ServiceStatus[]; incidents: StatusIncident[] } {
  const byService = new Map<string, SyntheticCheck[]>();
  for (const c of checks) if (c.enabled) byService.set(c.service, [...(byService.get(c.service) ?? []), c]);
  const services: ServiceStatus[] = [];
  const incidents: StatusIncident[] = [];
  for (const [service, list] of [...byService.entries()].sort()) {
    const measured = list.filter((c) => states[c.id]?.lastResult);
    const failing = measured.filter((c) => states[c.id]?.alerting);
    const state = measured.length === 0 ? 'unknown' : failing.length === 0 ? 'operational' : failing.length === measured.length ? 'outage' : 'degraded';
    const days: UptimeDay[] = [];
    for (let i = 89; i >= 0; i--) {
      const day = new Date(now - i * 86_400_000).toISOString().slice(0, 10);
      let good = 0;
      let total = 0;
      for (const c of list) {
        const counts = states[c.id]?.days[day];
        if (counts) {
          good += counts[0];
          total += counts[1];
        }
      }
      days.push(total ? { day, uptime: good / total } : { day });
    }
    services.push({ service, state, days });
    for (const c of failing) incidents.push({ title: `${c.name} is failing: ${states[c.id]?.lastResult?.failure ?? 'unknown'}`, service, startedAt: states[c.id]?.alertingSince ?? now, severity: 'critical' });
  }
  return { services, incidents };
}
