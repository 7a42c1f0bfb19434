import type { AlertingConfig } from '../../../lambdas/core/alerting/delivery/alerting-config';
import { ALERTING_KINDS, SINGLETON_ID, type DeliveryRecord } from '../../../lambdas/core/alerting/platform/alerting-store';
import { verifyWebhook } from '../../../lambdas/core/webhooks/webhook-signature';
import { runAlertEvaluator } from '../../../lambdas/handlers/alerting/alert-evaluator-job';
import { promqlQueryFunction } from '../../../lambdas/handlers/alerting/promql-query-function';
import type { SqliteNotifier } from '../../../lambdas/adapters/embedded/sqlite-notifier';
import { call, request, testPorts } from '../../lambdas/api/api-test-kit';
import { LoopbackReceiver, testDelivery } from '../../lambdas/handlers/alerting/alert-test-kit';

const T0 = Date.parse('2026-11-22T12:00:00Z');
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

// One outage (two instances of `api` down) fanned out to every receiver type with `continue`, then resolved.
describe('receivers: payloads as the PagerDuty Events v2, Slack, Teams and Alertmanager webhook documentation describe them', () => {
  it('delivers firing then resolved notifications to every receiver, each in its documented format', async () => {
    const { ports, clock } = testPorts(T0);
    const rx = await new LoopbackReceiver().start();
    try {
      const config: AlertingConfig = {
        route: {
          receiver: 'sns',
          group_by: ['alertname', 'service'],
          group_wait: '0s',
          group_interval: '10s',
          routes: ['sns', 'slack', 'pagerduty', 'teams', 'webhook'].map((r) => ({ receiver: r, matchers: ['severity="critical"'], continue: true })),
        },
        receivers: [
          { name: 'sns', type: 'sns' },
          { name: 'slack', type: 'slack', urlRef: 'env:SLACK_URL' },
          { name: 'pagerduty', type: 'pagerduty', url: `${rx.url}/v2/enqueue`, routingKeyRef: 'ssm:/alerting/pagerduty-key' },
          { name: 'teams', type: 'teams', url: `${rx.url}/teams` },
          { name: 'webhook', type: 'webhook', url: `${rx.url}/webhook`, secretRef: 'env:HOOK_SECRET' },
        ],
        externalURL: 'http://platform.test',
      };
      await ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, config);
      await ports.state.put(ALERTING_KINDS.rule, 'down', { name: 'InstanceDown', expr: 'up == 0', interval: '10s', labels: { severity: 'critical' }, annotations: { summary: '{{ $labels.instance }} is down' } });
      const delivery = testDelivery(ports, { SLACK_URL: `${rx.url}/slack`, SECRET_ALERTING_PAGERDUTY_KEY: 'R0UTINGKEY0123456789012345678901', HOOK_SECRET: 's3cret' });
      const query = promqlQueryFunction(ports.metrics);
      const up = (t: number, v: number) => ports.metrics.write(['a', 'b'].map((instance) => ({ labels: { __name__: 'up', job: 'api', service: 'api', instance }, samples: [{ timestamp: t, value: v }] })));

      await up(T0 - 1000, 0);
      await runAlertEvaluator(ports, { delivery, query, windowMs: 0 });
      clock.set(T0 + 60_000);
      await up(T0 + 59_000, 1);
      await runAlertEvaluator(ports, { delivery, query, windowMs: 0 });
      clock.set(T0 + 70_000);
      await runAlertEvaluator(ports, { delivery, query, windowMs: 0 });

      // PagerDuty Events API v2: trigger then resolve with the same dedup_key and routing_key.
      const pd = rx.on('/v2/enqueue').map((r) => r.json as Record<string, any>);
      expect(pd.map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
      expect(pd[0].routing_key).toBe('R0UTINGKEY0123456789012345678901');
      expect(pd[1].dedup_key).toBe(pd[0].dedup_key);
      expect(pd[0].payload).toMatchObject({ severity: 'critical', source: 'api', component: 'api', group: 'api', class: 'InstanceDown' });
      expect(pd[0].payload.summary.length).toBeLessThanOrEqual(1024);
      expect(pd[0].payload.summary).toContain('InstanceDown');
      expect(pd[0].payload.timestamp).toMatch(RFC3339);
      expect(pd[1].payload).toBeUndefined();

      // Slack incoming webhook: `text` fallback plus Block Kit blocks.
      const slack = rx.on('/slack').map((r) => r.json as Record<string, any>);
      expect(slack).toHaveLength(2);
      expect(slack[0].text).toBe('[FIRING:2] InstanceDown (service=api)');
      expect(slack[0].blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '[FIRING:2] InstanceDown (service=api)', emoji: true } });
      expect(slack[0].blocks.filter((b: any) => b.type === 'section').map((b: any) => b.text.type)).toEqual(['mrkdwn', 'mrkdwn']);
      expect(slack[0].blocks.at(-1).type).toBe('context');
      expect(slack[1].text).toMatch(/^\[RESOLVED\]/);

      // Teams: a message with one Adaptive Card attachment.
      const teams = rx.on('/teams')[0].json as Record<string, any>;
      expect(teams.type).toBe('message');
      expect(teams.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(teams.attachments[0].content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });

      // Alertmanager's webhook payload, version 4, signed.
      const hooks = rx.on('/webhook');
      expect(hooks).toHaveLength(2);
      const wh = hooks[0].json as Record<string, any>;
      expect(Object.keys(wh).sort()).toEqual(['alerts', 'commonAnnotations', 'commonLabels', 'externalURL', 'groupKey', 'groupLabels', 'receiver', 'status', 'truncatedAlerts', 'version']);
      expect(wh).toMatchObject({ version: '4', status: 'firing', receiver: 'webhook', groupLabels: { alertname: 'InstanceDown', service: 'api' }, commonLabels: { alertname: 'InstanceDown', severity: 'critical', job: 'api' }, externalURL: 'http://platform.test', truncatedAlerts: 0 });
      for (const a of wh.alerts) {
        expect(Object.keys(a).sort()).toEqual(['annotations', 'endsAt', 'fingerprint', 'generatorURL', 'labels', 'startsAt', 'status']);
        expect(a.startsAt).toMatch(RFC3339);
        expect(a.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      }
      expect(wh.alerts.map((a: any) => a.annotations.summary)).toEqual(['a is down', 'b is down']);
      expect((hooks[1].json as any).status).toBe('resolved');
      expect((hooks[1].json as any).alerts.every((a: any) => a.status === 'resolved' && Date.parse(a.endsAt) === T0 + 60_000)).toBe(true);
      expect(verifyWebhook('s3cret', hooks[0].body, String(hooks[0].headers['x-signature']), Math.floor(T0 / 1000))).toBe(true);
      for (const r of rx.requests) expect(r.headers['idempotency-key']).toMatch(/^[0-9a-f]{16}$/);

      // SNS through the Notifier port (the local outbox), and a delivery record per notification.
      const sns = (ports.notifier as SqliteNotifier).sent();
      expect(sns.map((n) => n.subject)).toEqual(['[FIRING:2] InstanceDown alertname=InstanceDown service=api', '[RESOLVED] InstanceDown alertname=InstanceDown service=api']);
      const records = (await ports.state.list<DeliveryRecord>(ALERTING_KINDS.delivery)).items.map((i) => i.value);
      expect(records).toHaveLength(10);
      expect(records.every((r) => r.deliveredAt !== undefined && r.attempts.length === 1)).toBe(true);
    } finally {
      await rx.stop();
    }
  });

  it('retries with backoff on 5xx, records every attempt, and gives up a receiver without its secret with the reason', async () => {
    const { ports } = testPorts(T0);
    const rx = await new LoopbackReceiver().start();
    try {
      rx.status = 503;
      await ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, {
        route: { receiver: 'hook', group_wait: '0s', routes: [{ receiver: 'hook', matchers: ['severity="critical"'], continue: true }, { receiver: 'nokey', matchers: ['severity="critical"'], continue: true }] },
        receivers: [{ name: 'hook', type: 'webhook', url: `${rx.url}/hook` }, { name: 'nokey', type: 'pagerduty', url: `${rx.url}/pd`, routingKeyRef: 'env:MISSING_KEY' }],
      });
      await ports.state.put(ALERTING_KINDS.rule, 'r', { name: 'Always', expr: 'vector(1)', labels: { severity: 'critical' } });
      const delivery = testDelivery(ports);
      const run = await runAlertEvaluator(ports, { delivery, windowMs: 0 });
      expect(run.failedDeliveries).toBe(2);
      expect(rx.on('/hook')).toHaveLength(3);
      const records = (await ports.state.list<DeliveryRecord>(ALERTING_KINDS.delivery)).items.map((i) => i.value);
      const hook = records.find((r) => r.receiver === 'hook')!;
      expect(hook.attempts.map((a) => a.status)).toEqual([503, 503, 503]);
      expect(hook.deliveredAt).toBeUndefined();
      const nokey = records.find((r) => r.receiver === 'nokey')!;
      expect(nokey.attempts[0].error).toMatch(/MISSING_KEY/);
      // The receiver comes back: the next run delivers what is still in the outbox.
      rx.status = 200;
      const again = await runAlertEvaluator(ports, { delivery, windowMs: 0 });
      expect(again.delivered).toBe(1);
      expect(rx.on('/hook')).toHaveLength(4);
    } finally {
      await rx.stop();
    }
  });

  it('an ack on the platform sends PagerDuty an acknowledge event with the incident\'s dedup_key', async () => {
    const { ports, clock } = testPorts(T0);
    const rx = await new LoopbackReceiver().start();
    try {
      await ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, { route: { receiver: 'pd', group_wait: '0s' }, receivers: [{ name: 'pd', type: 'pagerduty', url: `${rx.url}/v2/enqueue`, routingKeyRef: 'env:PD_KEY' }] });
      await ports.state.put(ALERTING_KINDS.rule, 'r', { name: 'Down', expr: 'vector(1)', labels: { severity: 'critical' } });
      const delivery = testDelivery(ports, { PD_KEY: 'k3y' });
      rx.status = 202;
      await runAlertEvaluator(ports, { delivery, windowMs: 0 });
      const alerts = await call(ports, request('GET', '/monitoring/alerts'));
      expect((await call(ports, request('POST', `/monitoring/alerts/${alerts.body.items[0].id}/ack`, { body: { by: 'alice' } }))).status).toBe(200);
      clock.set(T0 + 20_000);
      await runAlertEvaluator(ports, { delivery, windowMs: 0 });
      await runAlertEvaluator(ports, { delivery, windowMs: 0 });
      const events = rx.on('/v2/enqueue').map((r) => r.json as Record<string, any>);
      expect(events.map((e) => [e.event_action, e.routing_key])).toEqual([['trigger', 'k3y'], ['acknowledge', 'k3y']]);
      expect(events[1].dedup_key).toBe(events[0].dedup_key);
    } finally {
      await rx.stop();
    }
  });
});
