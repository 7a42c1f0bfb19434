import type { SqliteNotifier } from '../../../lambdas/adapters/embedded/sqlite-notifier';
import { ALERTING_KINDS, SINGLETON_ID } from '../../../lambdas/core/alerting/platform/alerting-store';
import { runAlertEvaluator } from '../../../lambdas/handlers/alerting/alert-evaluator-job';
import { runEscalation } from '../../../lambdas/handlers/alerting/escalation-job';
import { promqlQueryFunction } from '../../../lambdas/handlers/alerting/promql-query-function';
import { call, request, testPorts } from '../../lambdas/api/api-test-kit';
import { testDelivery } from '../../lambdas/handlers/alerting/alert-test-kit';

const T0 = Date.parse('2026-11-22T12:00:00Z');
const MIN = 60_000;

async function outage(service: string) {
  const env = testPorts(T0);
  const { ports } = env;
  await ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, { route: { receiver: 'sns', group_wait: '0s' }, receivers: [{ name: 'sns', type: 'sns' }], defaultEscalationPolicy: 'primary' });
  const policy = await call(ports, request('POST', '/monitoring/alerts/escalation-policies', { body: { id: 'primary', levels: [{ targets: [{ type: 'schedule', id: 'ops' }], timeoutMinutes: 5 }, { targets: [{ type: 'user', id: 'bob' }], timeoutMinutes: 10 }] } }));
  expect(policy.status).toBe(201);
  const schedule = await call(ports, request('POST', '/monitoring/alerts/schedules', { body: { id: 'ops', timeZone: 'Europe/Paris', layers: [{ name: 'weekly', participants: ['alice', 'carol'], rotation: { type: 'weekly' }, start: '2026-11-16T09:00' }] } }));
  expect(schedule.status).toBe(201);
  await ports.state.put(ALERTING_KINDS.rule, 'err', { name: 'HighErrors', expr: 'errors > 5', labels: { severity: 'critical' } });
  await ports.metrics.write([{ labels: { __name__: 'errors', service }, samples: [{ timestamp: T0 - 1000, value: 9 }] }]);
  await runAlertEvaluator(ports, { delivery: testDelivery(ports), query: promqlQueryFunction(ports.metrics), windowMs: 0 });
  const incidents = await call(ports, request('GET', '/monitoring/incidents?status=open'));
  expect(incidents.body.items).toHaveLength(1);
  const pages = () => (ports.notifier as SqliteNotifier).sent().filter((n) => n.subject.startsWith('[PAGE'));
  return { ...env, incidentId: incidents.body.items[0].id as string, pages };
}

describe('escalation and on-call', () => {
  it('with no ack, level 1 (whoever the schedule has on call) is paged at once and level 2 after level 1 times out', async () => {
    const s = await outage('checkout');
    await runEscalation(s.ports);
    expect(s.pages().map((p) => [p.attributes.level, p.attributes.user])).toEqual([['1', 'alice']]);
    s.clock.set(T0 + 4 * MIN);
    await runEscalation(s.ports);
    expect(s.pages()).toHaveLength(1);
    s.clock.set(T0 + 5 * MIN + 1000);
    await runEscalation(s.ports);
    expect(s.pages().map((p) => [p.attributes.level, p.attributes.user])).toEqual([['1', 'alice'], ['2', 'bob']]);
    // Running again pages nobody twice.
    await runEscalation(s.ports);
    expect(s.pages()).toHaveLength(2);
    const inc = await call(s.ports, request('GET', `/monitoring/incidents/${s.incidentId}`));
    expect(inc.body.timeline.map((e: { type: string }) => e.type)).toEqual(['trigger', 'notification', 'escalation', 'escalation']);
    expect(inc.body.escalation).toMatchObject({ level: 2 });
  });

  it('an ack (of the incident, by its id) stops the escalation and acknowledges its alerts', async () => {
    const s = await outage('payments');
    await runEscalation(s.ports);
    s.clock.set(T0 + 2 * MIN);
    const ack = await call(s.ports, request('POST', `/monitoring/alerts/${s.incidentId}/ack`, { body: { by: 'alice', comment: 'looking' } }));
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ kind: 'incident', incidentStatus: 'acknowledged' });
    s.clock.set(T0 + 30 * MIN);
    await runEscalation(s.ports);
    expect(s.pages().map((p) => p.attributes.level)).toEqual(['1']);
    const alerts = await call(s.ports, request('GET', '/monitoring/alerts'));
    expect(alerts.body.items.map((a: { acknowledged: boolean; ack: { by: string } }) => [a.acknowledged, a.ack.by])).toEqual([[true, 'alice']]);
    const inc = await call(s.ports, request('GET', `/monitoring/incidents/${s.incidentId}`));
    expect(inc.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'alice', acknowledgedAt: '2026-11-22T12:02:00.000Z' });
    expect(inc.body.timeline.map((e: { type: string }) => e.type)).toEqual(['trigger', 'notification', 'escalation', 'ack']);
    const analytics = await call(s.ports, request('GET', `/monitoring/alerts/analytics?from=${T0 / 1000 - 60}&to=${T0 / 1000 + 3600}`));
    expect(analytics.body.response).toMatchObject({ incidents: 1, acknowledged: 1, mttaSeconds: 120 });
  });

  it('an ack of the alert (by its id) also stops the escalation of its single-alert incident', async () => {
    const s = await outage('search');
    const alerts = await call(s.ports, request('GET', '/monitoring/alerts'));
    const ack = await call(s.ports, request('POST', `/monitoring/alerts/${alerts.body.items[0].id}/ack`, { body: {} }));
    expect(ack.body).toMatchObject({ kind: 'alert', incidentId: s.incidentId, incidentStatus: 'acknowledged' });
    s.clock.set(T0 + 30 * MIN);
    await runEscalation(s.ports);
    expect(s.pages()).toHaveLength(0);
  });
});
