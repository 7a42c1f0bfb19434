import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { correlateAlerts, type CorrelationAlert, type DependencyGraph } from '../../../../../lambdas/core/alerting/correlation/incident-correlator';
import { NotificationPipeline } from '../../../../../lambdas/core/alerting/notification/notification-pipeline';
import { EMPTY_PIPELINE_STATE, type PipelineNotification } from '../../../../../lambdas/core/alerting/notification/notification-types';

interface Storm {
  graph: DependencyGraph;
  alerts: (CorrelationAlert & { annotations: Record<string, string>; endsAt: number })[];
  truth: { incidents: { name: string; cause: string; alertIds: string[] }[]; unrelated: string[] };
}

const storm = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'fixtures', 'alert-storm', 'storm.json'), 'utf8')) as Storm;
const M = 60_000;

describe('incident correlation', () => {
  const graph: DependencyGraph = { edges: [{ source: 'web', target: 'api' }, { source: 'api', target: 'db' }, { source: 'batch', target: 'queue' }] };
  const a = (id: string, labels: Record<string, string>, min: number): CorrelationAlert => ({ id, labels, startsAt: min * M });

  it('links alerts of dependent services in the window and names the most upstream one', () => {
    const incidents = correlateAlerts([a('1', { service: 'web' }, 3), a('2', { service: 'api' }, 1), a('3', { service: 'db' }, 0), a('4', { service: 'batch' }, 2)], graph);
    expect(incidents.map((i) => [i.alertIds, i.rootCause, i.rootCauseReason])).toEqual([
      [['3', '2', '1'], 'db', 'dependency'],
      [['4'], 'batch', 'single-service'],
    ]);
  });

  it('keeps alerts apart when they are further apart than the window', () => {
    const incidents = correlateAlerts([a('1', { service: 'api' }, 0), a('2', { service: 'db' }, 30)], graph, { windowMs: 10 * M });
    expect(incidents).toHaveLength(2);
  });

  it('links alerts sharing a host, but not ones that only share a cluster-wide value', () => {
    const alerts = [
      a('h', { alertname: 'HostDown', host: 'n1', cluster: 'c' }, 0),
      a('x', { service: 'x', host: 'n1', cluster: 'c' }, 1),
      a('y', { service: 'y', host: 'n1', cluster: 'c' }, 1),
      ...['p', 'q', 'r', 's', 't'].map((s, i) => a(s, { service: s, host: `m${i}`, cluster: 'c' }, 1)),
    ];
    const incidents = correlateAlerts(alerts, { edges: [] });
    const big = incidents.find((i) => i.alertIds.includes('h'))!;
    expect([...big.alertIds].sort()).toEqual(['h', 'x', 'y']);
    expect(big).toMatchObject({ rootCause: 'host=n1', rootCauseReason: 'shared-infrastructure' });
    expect(incidents).toHaveLength(6);
  });
});

describe('alert storm fixture', () => {
  const incidents = correlateAlerts(storm.alerts, storm.graph);

  it('has at least 500 alerts from 10 services and no label naming the cause', () => {
    expect(storm.alerts.length).toBeGreaterThanOrEqual(500);
    expect(new Set(storm.alerts.map((x) => x.labels.service).filter(Boolean)).size).toBe(10);
    expect(storm.truth.unrelated.length).toBeGreaterThanOrEqual(5);
    for (const x of storm.alerts) expect(Object.keys(x.labels).some((k) => /cause|incident/i.test(k))).toBe(false);
  });

  it('recovers each of the 3 incidents exactly, with its root cause, and leaves unrelated alerts alone', () => {
    for (const t of storm.truth.incidents) {
      const found = incidents.find((i) => i.alertIds.includes(t.alertIds[0]))!;
      expect([...found.alertIds].sort()).toEqual([...t.alertIds].sort());
      expect(found.rootCause).toBe(t.cause);
    }
    for (const id of storm.truth.unrelated) expect(incidents.find((i) => i.alertIds.includes(id))!.alertIds).toEqual([id]);
    expect(incidents).toHaveLength(storm.truth.incidents.length + storm.truth.unrelated.length);
  });

  it('after correlation and grouping, sends at least 80% fewer notifications than one per alert', () => {
    const pipeline = new NotificationPipeline({
      route: { receiver: 'oncall', group_by: ['incident'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h' },
      receivers: [{ name: 'oncall', send_resolved: true }],
    });
    const byTime = [...storm.alerts].sort((x, y) => x.startsAt - y.startsAt);
    const start = byTime[0].startsAt;
    const end = Math.max(...storm.alerts.map((x) => x.endsAt)) + 15 * M;
    let state = EMPTY_PIPELINE_STATE;
    const sent: PipelineNotification[] = [];
    const seen: typeof byTime = [];
    let next = 0;
    // Streaming: every 30 s the new alerts are correlated with all alerts so far and enter the pipeline labelled with their incident.
    for (let t = start; t <= end; t += 30_000) {
      const arrived: typeof byTime = [];
      while (next < byTime.length && byTime[next].startsAt <= t) arrived.push(byTime[next++]);
      if (arrived.length > 0) {
        seen.push(...arrived);
        const incidentOf = new Map<string, string>();
        for (const inc of correlateAlerts(seen, storm.graph)) for (const id of inc.alertIds) incidentOf.set(id, inc.id);
        state = pipeline.receive(state, arrived.map((x) => ({ labels: { ...x.labels, incident: incidentOf.get(x.id)! }, annotations: x.annotations, startsAt: x.startsAt, endsAt: x.endsAt })), t);
      }
      const r = pipeline.tick(state, t);
      state = r.state;
      sent.push(...r.notifications);
    }
    const reduction = 1 - sent.length / storm.alerts.length;
    const key = (labels: Record<string, string>, startsAt: number) => `${labels.alertname}|${labels.instance}|${startsAt}`;
    const idOf = new Map(storm.alerts.map((x) => [key(x.labels, x.startsAt), x.id]));
    const notifiedIds = sent.map((n) => new Set(n.alerts.map((x) => idOf.get(key(x.labels, x.startsAt)))));
    const notified = (id: string) => notifiedIds.some((ids) => ids.has(id));
    for (const t of storm.truth.incidents) expect(t.alertIds.every(notified)).toBe(true);
    for (const id of storm.truth.unrelated) expect(notified(id)).toBe(true);
    const firstPerIncident = storm.truth.incidents.map((t) => notifiedIds.filter((ids) => t.alertIds.some((id) => ids.has(id))).length);
    console.log(
      `alert storm: ${storm.alerts.length} alerts -> ${sent.length} notifications (${(reduction * 100).toFixed(1)}% fewer); ` +
        `incidents: ${incidents.filter((i) => i.alertIds.length > 1).map((i) => `${i.rootCause} (${i.alertIds.length} alerts, ${i.services.length} services)`).join('; ')}; ` +
        `notifications per incident: ${firstPerIncident.join(', ')}; unrelated alerts: ${storm.truth.unrelated.length}`,
    );
    expect(reduction).toBeGreaterThanOrEqual(0.8);
    expect(sent.filter((n) => n.status === 'firing').length).toBeGreaterThanOrEqual(storm.truth.incidents.length + storm.truth.unrelated.length);
  });
});
