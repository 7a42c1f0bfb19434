import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DependencyGraph } from '../../../../../lambdas/core/alerting/correlation/incident-correlator';
import { labelsFingerprint } from '../../../../../lambdas/core/alerting/fingerprint';
import type { StoredAlert } from '../../../../../lambdas/core/alerting/notification/notification-types';
import type { IncidentDocument } from '../../../../../lambdas/core/alerting/platform/incident-record';
import { trackIncidents } from '../../../../../lambdas/core/alerting/platform/incident-tracker';

interface StormAlert { id: string; labels: Record<string, string>; startsAt: number; endsAt: number }
const storm = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'fixtures', 'alert-storm', 'storm.json'), 'utf8')) as {
  alerts: StormAlert[];
  graph: DependencyGraph;
  truth: { incidents: { name: string; cause: string; alertIds: string[] }[]; unrelated: string[] };
};

describe('incident tracking over the alert-storm replay (incremental, as the evaluator runs it)', () => {
  it('forms one incident per root cause, keeps unrelated alerts apart, escalates with the policy, and resolves them all', () => {
    const fpOf = new Map(storm.alerts.map((a) => [a.id, labelsFingerprint({ ...a.labels, storm_id: a.id })]));
    const start = Math.min(...storm.alerts.map((a) => a.startsAt));
    const end = Math.max(...storm.alerts.map((a) => a.endsAt)) + 60_000;
    let open: IncidentDocument[] = [];
    const all = new Map<string, IncidentDocument>();
    for (let t = start; t <= end; t += 15_000) {
      const alerts: Record<string, StoredAlert> = {};
      for (const a of storm.alerts) {
        if (a.startsAt > t) continue;
        const fp = fpOf.get(a.id)!;
        alerts[fp] = { fingerprint: fp, labels: { ...a.labels, storm_id: a.id }, annotations: {}, startsAt: a.startsAt, endsAt: a.endsAt, updatedAt: t };
      }
      const history = [...all.values()].filter((d) => d.status === 'resolved').flatMap((d) => d.alerts.map((a) => ({ id: a.id, labels: a.labels, startsAt: a.startsAt })));
      const changes = trackIncidents(open, alerts, t, { windowMs: 10 * 60_000, graph: storm.graph, history, policyFor: () => 'primary' });
      for (const d of [...changes.updated, ...changes.created]) all.set(d.id, d);
      open = [...all.values()].filter((d) => d.status !== 'resolved');
    }
    const incidents = [...all.values()];
    const incidentOf = new Map<string, IncidentDocument>();
    for (const inc of incidents) for (const a of inc.alerts) incidentOf.set(a.labels.storm_id, inc);
    const formed = storm.truth.incidents.map((t) => {
      const ids = new Set(t.alertIds.map((id) => incidentOf.get(id)?.id));
      return { name: t.name, incidents: ids.size, rootCause: incidentOf.get(t.alertIds[0])?.rootCause, alerts: t.alertIds.length };
    });
    // eslint-disable-next-line no-console
    console.log(`alert storm through the incident tracker: ${storm.alerts.length} alerts -> ${incidents.length} incidents; ${formed.map((f) => `${f.name}: ${f.alerts} alerts in ${f.incidents} incident(s), root cause ${f.rootCause}`).join('; ')}`);
    for (const f of formed) expect(f.incidents).toBe(1);
    expect(formed.map((f) => f.rootCause)).toEqual(storm.truth.incidents.map((t) => (t.cause.includes('=') ? t.cause : t.cause)));
    for (const id of storm.truth.unrelated) expect(incidentOf.get(id)!.alerts.map((a) => a.labels.storm_id)).toEqual([id]);
    expect(incidents).toHaveLength(storm.truth.incidents.length + storm.truth.unrelated.length);
    expect(incidents.every((i) => i.status === 'resolved' && i.escalation?.resolvedAt !== undefined && i.timeline.at(-1)?.type === 'resolve')).toBe(true);
  });
});
