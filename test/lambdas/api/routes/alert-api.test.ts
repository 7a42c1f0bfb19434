import { ALERTING_KINDS, SINGLETON_ID } from '../../../../lambdas/core/alerting/platform/alerting-store';
import { runAlertEvaluator } from '../../../../lambdas/handlers/alerting/alert-evaluator-job';
import { promqlQueryFunction } from '../../../../lambdas/handlers/alerting/promql-query-function';
import type { Ports } from '../../../../lambdas/core/ports';
import { testDelivery } from '../../handlers/alerting/alert-test-kit';
import { call, request, testPorts } from '../api-test-kit';

const T0 = Date.parse('2026-11-22T12:00:00Z');

const RULE_FILE = `
groups:
  - name: node
    interval: 30s
    rules:
      - alert: HostDown
        expr: up{job="node"} == 0
        for: 1m
        labels: { severity: critical }
        annotations: { summary: "{{ $labels.instance }} down" }
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: Broken
        expr: up ==
        for: soon
      - alert: BadTemplate
        expr: up == 0
        annotations: { summary: "{{ .Labels.instance " }
      - alert: Dangling
        expr: up == on
  - name: empty
    interval: nope
`;

async function evaluate(ports: Ports) {
  return runAlertEvaluator(ports, { delivery: testDelivery(ports), query: promqlQueryFunction(ports.metrics), windowMs: 0 });
}

describe('alerting API', () => {
  it('validates rules with the core validator: 422 with one detail per field; threshold shorthand compiles to PromQL', async () => {
    const { ports } = testPorts(T0);
    const bad = await call(ports, request('POST', '/monitoring/alerts/rules', { body: { name: 'X', expr: 'rate(x[5m] > 1', for: '5 minutes', severity: 'urgent', labels: { 'bad-name': 'v' } } }));
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('unprocessable');
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['expr', 'for', 'labels.bad-name', 'severity']);
    const missing = await call(ports, request('POST', '/monitoring/alerts/rules', { body: { expr: 'up' } }));
    expect(missing.status).toBe(400);
    const threshold = await call(ports, request('POST', '/monitoring/alerts/rules', { body: { id: 'lat', name: 'SlowApi', threshold: { metric: 'latency_seconds', labels: { service: 'api' }, op: '>', threshold: 0.5, window: '5m' }, for: '2m' } }));
    expect(threshold.status).toBe(201);
    const rules = await call(ports, request('GET', '/api/v1/rules'));
    expect(rules.body.data.groups[0].rules[0]).toMatchObject({ type: 'alerting', name: 'SlowApi', duration: 120, health: 'unknown', state: 'inactive' });
    expect(rules.body.data.groups[0].rules[0].query).toContain('latency_seconds{service="api"}');
    const update = await call(ports, request('PUT', '/monitoring/alerts/rules/lat', { body: { name: 'SlowApi', expr: 'up', keep_firing_for: 'x' } }));
    expect(update.status).toBe(422);
    expect(update.body.error.details).toEqual([{ field: 'keep_firing_for', message: expect.any(String) }]);
  });

  it('imports a Prometheus rule file as groups with per-rule errors, and serves /api/v1/rules and /api/v1/alerts as Prometheus does', async () => {
    const { ports, clock } = testPorts(T0);
    const res = await call(ports, request('POST', '/monitoring/alerts/rules/import', { raw: Buffer.from(RULE_FILE), headers: { 'content-type': 'application/yaml' } }));
    expect(res.status).toBe(200);
    expect(res.body.groups).toEqual([{ id: 'node', name: 'node', interval: '30s', rules: 2 }, { id: 'empty', name: 'empty', interval: '1m', rules: 0 }]);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['groups[0].rules[2].expr', 'groups[0].rules[2].for', 'groups[0].rules[3].annotations.summary', 'groups[0].rules[4].expr', 'groups[1].interval']);
    const nothing = await call(ports, request('POST', '/monitoring/alerts/rules/import', { raw: Buffer.from('groups: [ {'), headers: { 'content-type': 'text/yaml' } }));
    expect(nothing.status).toBe(422);

    await ports.metrics.write(['a:9100', 'b:9100'].map((instance, i) => ({ labels: { __name__: 'up', job: 'node', instance }, samples: [{ timestamp: T0 - 1000, value: i }] })));
    await evaluate(ports);
    clock.set(T0 + 61_000);
    await ports.metrics.write([{ labels: { __name__: 'up', job: 'node', instance: 'a:9100' }, samples: [{ timestamp: T0 + 60_000, value: 0 }] }]);
    await evaluate(ports);
    const rules = await call(ports, request('GET', '/api/v1/rules'));
    expect(rules.body.status).toBe('success');
    const node = rules.body.data.groups.find((g: { name: string }) => g.name === 'node');
    expect(node).toMatchObject({ name: 'node', interval: 30, lastEvaluation: '2026-11-22T12:01:01.000Z' });
    expect(node.rules.map((r: { type: string; name: string; health: string }) => [r.type, r.name, r.health])).toEqual([['alerting', 'HostDown', 'ok'], ['recording', 'job:up:sum', 'ok']]);
    expect(node.rules[0]).toMatchObject({ state: 'firing', query: 'up{job="node"} == 0', duration: 60, labels: { severity: 'critical' }, annotations: { summary: '{{ $labels.instance }} down' } });
    expect(node.rules[0].alerts).toEqual([{ labels: { alertname: 'HostDown', instance: 'a:9100', job: 'node', severity: 'critical' }, annotations: { summary: 'a:9100 down' }, state: 'firing', activeAt: '2026-11-22T12:00:00.000Z', value: '0e+00' }]);
    const alerts = await call(ports, request('GET', '/api/v1/alerts'));
    expect(alerts.body).toEqual({ status: 'success', data: { alerts: [{ labels: { alertname: 'HostDown', instance: 'a:9100', job: 'node', severity: 'critical' }, annotations: { summary: 'a:9100 down' }, state: 'firing', activeAt: '2026-11-22T12:00:00.000Z', value: '0e+00' }] } });
    // The recording rule's output went to the MetricStore.
    const recorded = await ports.metrics.select({ matchers: [{ name: '__name__', op: '=', value: 'job:up:sum' }], range: { start: T0, end: T0 + 120_000 } });
    expect(recorded[0].samples.map((s) => s.value)).toEqual([1, 1]);
    const groups = await call(ports, request('GET', '/monitoring/alerts/rules/groups'));
    expect(groups.body.items.map((g: { id: string }) => g.id)).toEqual(['empty', 'node']);
  });

  it('lists alerts by state, severity and label matchers; silences mute notifications and expire on delete', async () => {
    const { ports, clock, db } = testPorts(T0);
    void db;
    await ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, { route: { receiver: 'sns', group_by: ['alertname', 'service'], group_wait: '0s', group_interval: '30s' }, receivers: [{ name: 'sns', type: 'sns' }] });
    await ports.state.put(ALERTING_KINDS.rule, 'hot', { name: 'Hot', expr: 'temp > 50', labels: { severity: '{{ if gt $value 80.0 }}critical{{ else }}warning{{ end }}' } });
    await ports.state.put(ALERTING_KINDS.rule, 'slow', { name: 'Slow', expr: 'temp > 10', for: '5m' });
    const silence = await call(ports, request('POST', '/monitoring/alerts/silences', { body: { matchers: ['service="db"'], duration: '1h', createdBy: 'ops', comment: 'maintenance' } }));
    expect(silence.status).toBe(201);
    expect(silence.body.status.state).toBe('active');
    const badSilence = await call(ports, request('POST', '/monitoring/alerts/silences', { body: { matchers: ['service=~".*"'], duration: '1h', createdBy: 'ops', comment: 'all' } }));
    expect(badSilence.status).toBe(422);
    await ports.metrics.write([['api', 90], ['web', 60], ['db', 99]].map(([service, v]) => ({ labels: { __name__: 'temp', service: String(service) }, samples: [{ timestamp: T0 - 1000, value: Number(v) }] })));
    await evaluate(ports);
    const list = async (q: string) => (await call(ports, request('GET', `/monitoring/alerts${q}`))).body.items.map((a: { rule: string; labels: { service: string }; state: string }) => `${a.rule}/${a.labels.service}/${a.state}`).sort();
    expect(await list('')).toEqual(['Hot/api/firing', 'Hot/db/firing', 'Hot/web/firing', 'Slow/api/pending', 'Slow/db/pending', 'Slow/web/pending']);
    expect(await list('?state=firing&severity=critical')).toEqual(['Hot/api/firing', 'Hot/db/firing']);
    expect(await list('?state=pending&label=service%3D~%22a.*%7Cw.*%22')).toEqual(['Slow/api/pending', 'Slow/web/pending']);
    expect((await call(ports, request('GET', '/monitoring/alerts?label=bad'))).status).toBe(400);
    // The silenced db alert is not notified; api and web are (one group each).
    const sent = () => (ports.notifier as import('../../../../lambdas/adapters/embedded/sqlite-notifier').SqliteNotifier).sent().map((n) => n.subject).sort();
    expect(sent()).toEqual(['[FIRING:1] Hot alertname=Hot service=api', '[FIRING:1] Hot alertname=Hot service=web']);
    const del = await call(ports, request('DELETE', `/monitoring/alerts/silences/${silence.body.id}`));
    expect(del.status).toBe(204);
    expect((await call(ports, request('GET', '/monitoring/alerts/silences?state=expired'))).body.items).toHaveLength(1);
    clock.set(T0 + 60_000);
    await ports.metrics.write([['api', 90], ['web', 60], ['db', 99]].map(([service, v]) => ({ labels: { __name__: 'temp', service: String(service) }, samples: [{ timestamp: T0 + 59_000, value: Number(v) }] })));
    await evaluate(ports);
    expect(sent()).toContain('[FIRING:1] Hot alertname=Hot service=db');
  });

  it('correlates alerts sharing a host into one incident with a root cause, and keeps an unrelated one apart', async () => {
    const { ports } = testPorts(T0);
    await ports.state.put(ALERTING_KINDS.rule, 'err', { name: 'Errors', expr: 'errors > 1' });
    await ports.metrics.write([['checkout', 'db-7'], ['orders', 'db-7'], ['search', 'es-1']].map(([service, host]) => ({ labels: { __name__: 'errors', service, host }, samples: [{ timestamp: T0 - 1000, value: 5 }] })));
    await evaluate(ports);
    const incidents = await call(ports, request('GET', '/monitoring/incidents'));
    const summary = incidents.body.items.map((i: { services: string[]; rootCause: string; alerts: unknown[]; status: string }) => [i.services.join('+'), i.rootCause, i.alerts.length, i.status]).sort();
    expect(summary).toEqual([['checkout+orders', 'host=db-7', 2, 'triggered'], ['search', 'search', 1, 'triggered']]);
    const resolve = await call(ports, request('POST', `/monitoring/alerts/${incidents.body.items[0].id}/resolve`, { body: { by: 'me' } }));
    expect(resolve.body.status).toBe('resolved');
    expect((await call(ports, request('POST', '/monitoring/alerts/nope/ack', { body: {} }))).status).toBe(404);
  });

  it('validates the alerting configuration: receivers, secret references and the routing tree', async () => {
    const { ports } = testPorts(T0);
    expect((await call(ports, request('GET', '/monitoring/alerts/config'))).body.receivers).toEqual([{ name: 'default', type: 'sns' }]);
    const bad = await call(ports, request('PUT', '/monitoring/alerts/config', { body: { route: { receiver: 'x' }, receivers: [{ name: 'pd', type: 'pagerduty', routingKeyRef: 'plain-secret-value' }, { name: 's', type: 'slack' }] } }));
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['receivers[0].routingKeyRef', 'receivers[1].url']);
    const unknown = await call(ports, request('PUT', '/monitoring/alerts/config', { body: { route: { receiver: 'nobody' }, receivers: [{ name: 'sns', type: 'sns' }] } }));
    expect(unknown.body.error.details).toEqual([{ field: 'route', message: expect.stringContaining('unknown receiver') }]);
    const ok = await call(ports, request('PUT', '/monitoring/alerts/config', { body: { route: { receiver: 'slack' }, receivers: [{ name: 'slack', type: 'slack', urlRef: 'secretsmanager:alerting/slack-url' }] } }));
    expect(ok.status).toBe(200);
  });
});
