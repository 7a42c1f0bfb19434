import { verifyWebhook } from '../../../../lambdas/core/webhooks/webhook-signature';
import { ALERTING_KINDS, SINGLETON_ID, type DeliveryRecord, type EngineState } from '../../../../lambdas/core/alerting/platform/alerting-store';
import type { AlertingConfig } from '../../../../lambdas/core/alerting/delivery/alerting-config';
import { evaluationRound } from '../../../../lambdas/handlers/alerting/evaluation-round';
import { runAlertEvaluator } from '../../../../lambdas/handlers/alerting/alert-evaluator-job';
import { promqlQueryFunction } from '../../../../lambdas/handlers/alerting/promql-query-function';
import { testPorts } from '../../api/api-test-kit';
import { LoopbackReceiver, testDelivery } from './alert-test-kit';

const T0 = Date.parse('2026-11-22T12:00:00Z');
const SECRET = 'kill-test-secret';

async function setup() {
  const env = testPorts(T0);
  const receiver = await new LoopbackReceiver().start();
  const config: AlertingConfig = {
    route: { receiver: 'hook', group_by: ['alertname'], group_wait: '0s', group_interval: '10s', repeat_interval: '1h' },
    receivers: [{ name: 'hook', type: 'webhook', url: `${receiver.url}/hook`, secretRef: 'env:HOOK_SECRET' }],
    externalURL: 'http://platform.test',
  };
  await env.ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, config);
  await env.ports.state.put(ALERTING_KINDS.rule, 'high-cpu', { name: 'HighCpu', expr: 'cpu > 0.9', interval: '10s', labels: { severity: 'critical' }, annotations: { summary: '{{ $labels.instance }} at {{ $value }}' } });
  const write = (t: number, values: Record<string, number>) => env.ports.metrics.write(Object.entries(values).map(([instance, v]) => ({ labels: { __name__: 'cpu', service: 'api', instance }, samples: [{ timestamp: t, value: v }] })));
  const delivery = testDelivery(env.ports, { HOOK_SECRET: SECRET });
  return { ...env, receiver, write, delivery, query: promqlQueryFunction(env.ports.metrics) };
}

describe('alert-evaluator: state first, then delivery', () => {
  it('a run killed between the state write and delivery loses nothing: the restarted run delivers each notification once', async () => {
    const s = await setup();
    try {
      await s.write(T0 - 5000, { a: 0.95, b: 0.97, c: 0.2 });
      // The first run dies right after its versioned write of pipeline state + outbox.
      await expect(evaluationRound({ ports: s.ports, query: s.query, fault: (p) => { if (p === 'after-state-write') throw new Error('killed'); } }, T0)).rejects.toThrow('killed');
      expect(s.receiver.requests).toHaveLength(0);
      const engine = await s.ports.state.get<EngineState>(ALERTING_KINDS.engine, SINGLETON_ID);
      expect(engine?.value.outbox).toHaveLength(1);

      // Restart, a few seconds later: the outbox is delivered first; nothing new is due.
      s.clock.set(T0 + 3000);
      const run = await runAlertEvaluator(s.ports, { delivery: s.delivery, query: s.query, windowMs: 0 });
      expect(run.delivered).toBe(1);
      expect(s.receiver.on('/hook')).toHaveLength(1);
      const got = s.receiver.on('/hook')[0];
      const payload = got.json as { version: string; status: string; alerts: { labels: Record<string, string>; status: string }[]; groupKey: string; receiver: string; externalURL: string };
      expect(payload).toMatchObject({ version: '4', status: 'firing', receiver: 'hook', externalURL: 'http://platform.test', commonLabels: { alertname: 'HighCpu', severity: 'critical', service: 'api' } });
      expect(payload.alerts.map((a) => a.labels.instance).sort()).toEqual(['a', 'b']);
      expect(verifyWebhook(SECRET, got.body, String(got.headers['x-signature']), Math.floor((T0 + 3000) / 1000))).toBe(true);

      // Later rounds (resends of the same still-firing alerts) send nothing new; the record says delivered once.
      for (let t = T0 + 10_000; t <= T0 + 40_000; t += 10_000) {
        s.clock.set(t);
        await s.write(t - 1000, { a: 0.95, b: 0.97, c: 0.2 });
        await runAlertEvaluator(s.ports, { delivery: s.delivery, query: s.query, windowMs: 0 });
      }
      expect(s.receiver.on('/hook')).toHaveLength(1);
      const records = (await s.ports.state.list<DeliveryRecord>(ALERTING_KINDS.delivery)).items;
      expect(records.map((r) => [r.value.receiver, r.value.attempts.length, r.value.deliveredAt !== undefined])).toEqual([['hook', 1, true]]);
      expect((await s.ports.state.get<EngineState>(ALERTING_KINDS.engine, SINGLETON_ID))?.value.outbox).toEqual([]);

      // ALERTS series were written to the MetricStore for Grafana and for rules over ALERTS.
      const alerts = await s.ports.metrics.select({ matchers: [{ name: '__name__', op: '=', value: 'ALERTS' }], range: { start: T0, end: T0 + 60_000 } });
      expect(alerts.map((x) => x.labels.instance).sort()).toEqual(['a', 'b']);
    } finally {
      await s.receiver.stop();
    }
  });

  it('a crash after sending but before the record is written resends with the same Idempotency-Key, which the receiver drops', async () => {
    const s = await setup();
    try {
      await s.write(T0 - 5000, { a: 0.95 });
      await expect(evaluationRound({ ports: s.ports, query: s.query, fault: (p) => { if (p === 'after-state-write') throw new Error('killed'); } }, T0)).rejects.toThrow('killed');
      const engine = (await s.ports.state.get<EngineState>(ALERTING_KINDS.engine, SINGLETON_ID))!.value;
      // The dying run had already sent it once (its record never written).
      await s.delivery.deliver({ name: 'hook', type: 'webhook', url: `${s.receiver.url}/hook`, secretRef: 'env:HOOK_SECRET' }, engine.outbox[0].notification);
      await runAlertEvaluator(s.ports, { delivery: s.delivery, query: s.query, windowMs: 0 });
      expect(s.receiver.on('/hook')).toHaveLength(2);
      expect(s.receiver.unique('/hook')).toHaveLength(1);
    } finally {
      await s.receiver.stop();
    }
  });

  it('two concurrent runs at the same moment: one writes, the other stops on the version conflict; one notification', async () => {
    const s = await setup();
    try {
      await s.write(T0 - 5000, { a: 0.95, b: 0.99 });
      const [r1, r2] = await Promise.all([
        runAlertEvaluator(s.ports, { delivery: s.delivery, query: s.query, windowMs: 0 }),
        runAlertEvaluator(s.ports, { delivery: s.delivery, query: s.query, windowMs: 0 }),
      ]);
      expect(r1.conflicts + r2.conflicts).toBe(1);
      expect(r1.delivered + r2.delivered).toBe(1);
      expect(s.receiver.on('/hook')).toHaveLength(1);
    } finally {
      await s.receiver.stop();
    }
  });
});
