import { correlateAlerts, type CorrelationAlert, type DependencyGraph } from '../correlation/incident-correlator';
import { resolveEscalation, startEscalation } from '../escalation/escalation-policy';
import type { StoredAlert } from '../notification/notification-types';
import { highestSeverity, incidentTitle, type IncidentAlert, type IncidentDocument, type TimelineEvent } from './incident-record';

/** Settings of {@link trackIncidents}. */
export interface IncidentTracking {
  readonly windowMs: number;
  readonly graph?: DependencyGraph;
  /**
   * Alerts of recently resolved incidents. They take part in correlation as background, so an
   * infrastructure label seen across many services over time (a cluster, a zone) is recognised as
   * unspecific even when only a few alerts fire right now; they never join an open incident.
   */
  readonly history?: readonly CorrelationAlert[];
  /** The escalation policy of a new incident, from its alerts' labels. */
  readonly policyFor: (alerts: readonly IncidentAlert[]) => string | undefined;
}

/** What to write: incidents that changed (with their version) and new ones. */
export interface IncidentChanges {
  readonly updated: IncidentDocument[];
  readonly created: IncidentDocument[];
}

/**
 * Steps incidents with the pipeline's alerts at `now`: firing alerts not yet in an open
 * incident are correlated with the open incidents' alerts; a new alert that correlates with
 * an open incident joins it, the others form new incidents (with the escalation started when a
 * policy applies). An open incident all of whose alerts stopped firing resolves.
 */
export function trackIncidents(open: readonly IncidentDocument[], alerts: Readonly<Record<string, StoredAlert>>, now: number, options: IncidentTracking): IncidentChanges {
  const firing = Object.values(alerts).filter((a) => a.endsAt > now);
  const owner = new Map<string, IncidentDocument>();
  for (const inc of open) for (const a of inc.alerts) owner.set(a.id, inc);
  const fresh = firing.filter((a) => !owner.has(a.fingerprint));
  const next = new Map<string, IncidentDocument>(open.map((i) => [i.id, i]));
  const changed = new Set<string>();
  const created: IncidentDocument[] = [];

  if (fresh.length > 0) {
    const current = new Set([...open.flatMap((i) => i.alerts.map((a) => a.id)), ...fresh.map((a) => a.fingerprint)]);
    const input = [
      ...open.flatMap((i) => i.alerts.map((a) => ({ id: a.id, labels: a.labels, startsAt: a.startsAt }))),
      ...fresh.map((a) => ({ id: a.fingerprint, labels: a.labels, startsAt: a.startsAt })),
      // History alerts get distinct ids: the same alert may fire again and be fresh now.
      ...(options.history ?? []).filter((a) => !current.has(a.id)).map((a) => ({ ...a, id: `history:${a.id}` })),
    ];
    const freshIds = new Set(fresh.map((a) => a.fingerprint));
    const byId = new Map(fresh.map((a) => [a.fingerprint, a]));
    for (const component of correlateAlerts(input, options.graph ?? { edges: [] }, { windowMs: options.windowMs })) {
      const newcomers = component.alertIds.filter((id) => freshIds.has(id)).map((id) => byId.get(id)!);
      if (newcomers.length === 0) continue;
      const joined: IncidentAlert[] = newcomers.map((a) => ({ id: a.fingerprint, labels: a.labels, startsAt: a.startsAt }));
      const target = component.alertIds.map((id) => owner.get(id)).filter((i): i is IncidentDocument => i !== undefined).sort((a, b) => a.triggeredAt - b.triggeredAt)[0];
      if (target) {
        const cur = next.get(target.id)!;
        const events: TimelineEvent[] = joined.map((a) => ({ at: now, type: 'alert', message: `alert ${a.labels.alertname ?? a.id} joined`, detail: { alertId: a.id, labels: a.labels } }));
        const all = [...cur.alerts, ...joined];
        next.set(cur.id, { ...cur, alerts: all, services: component.services, severity: highestSeverity(all.map((a) => a.labels)), timeline: [...cur.timeline, ...events] });
        changed.add(cur.id);
        continue;
      }
      const triggeredAt = now;
      const id = `inc-${component.id.slice(0, 12)}-${triggeredAt.toString(36)}`;
      const policyId = options.policyFor(joined);
      const doc: IncidentDocument = {
        id,
        status: 'triggered',
        title: incidentTitle(joined, component.rootCause),
        severity: highestSeverity(joined.map((a) => a.labels)),
        alerts: joined,
        services: component.services,
        ...(component.rootCause ? { rootCause: component.rootCause } : {}),
        rootCauseReason: component.rootCauseReason,
        triggeredAt,
        ...(policyId ? { policyId, escalation: startEscalation(id, triggeredAt) } : {}),
        timeline: [{ at: triggeredAt, type: 'trigger', message: `triggered by ${joined.length} alert(s)`, detail: { alertIds: joined.map((a) => a.id), rootCause: component.rootCause, rootCauseReason: component.rootCauseReason } }],
      };
      created.push(doc);
    }
  }

  const firingIds = new Set(firing.map((a) => a.fingerprint));
  for (const [id, inc] of next) {
    let cur = inc;
    const ended = cur.alerts.filter((a) => a.resolvedAt === undefined && !firingIds.has(a.id));
    if (ended.length > 0) {
      const endedIds = new Set(ended.map((a) => a.id));
      cur = {
        ...cur,
        alerts: cur.alerts.map((a) => (endedIds.has(a.id) ? { ...a, resolvedAt: now } : a)),
        timeline: [...cur.timeline, ...ended.map((a) => ({ at: now, type: 'alert-resolved' as const, message: `alert ${a.labels.alertname ?? a.id} resolved`, detail: { alertId: a.id } }))],
      };
      changed.add(id);
    }
    if (cur.status !== 'resolved' && cur.alerts.every((a) => a.resolvedAt !== undefined)) {
      cur = { ...cur, status: 'resolved', resolvedAt: now, ...(cur.escalation ? { escalation: resolveEscalation(cur.escalation, now) } : {}), timeline: [...cur.timeline, { at: now, type: 'resolve', message: 'all alerts resolved' }] };
      changed.add(id);
    }
    next.set(id, cur);
  }
  return { updated: [...changed].map((id) => next.get(id)!), created };
}
