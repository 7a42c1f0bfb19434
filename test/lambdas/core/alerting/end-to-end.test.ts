import { evaluateRuleGroup, type RuleGroupState } from '../../../../lambdas/core/alerting/evaluation/rule-group-evaluator';
import type { QueryFunction } from '../../../../lambdas/core/alerting/evaluation/query-function';
import { NotificationPipeline } from '../../../../lambdas/core/alerting/notification/notification-pipeline';
import { toPortNotification } from '../../../../lambdas/core/alerting/notification/notification-message';
import { EMPTY_PIPELINE_STATE, type PipelineNotification } from '../../../../lambdas/core/alerting/notification/notification-types';
import { importPrometheusRules } from '../../../../lambdas/core/alerting/rules/prometheus-rule-import';

const S = 1000;

describe('rule evaluation feeding the notification pipeline', () => {
  it('an outage produces one firing and one resolved notification per receiver, with continue routing to two receivers', async () => {
    const { groups: [group] } = importPrometheusRules(`
groups:
  - name: api
    interval: 30s
    rules:
      - alert: InstanceDown
        expr: up == 0
        for: 1m
        labels: { severity: critical }
        annotations: { summary: "{{ $labels.instance }} is down" }
`);
    // Three instances go down from 60 s to 600 s.
    const query: QueryFunction = async (_expr, t) => (t >= 60 * S && t < 600 * S ? ['a', 'b', 'c'].map((i) => ({ labels: { __name__: 'up', job: 'api', instance: i }, value: 0 })) : []);
    const pipeline = new NotificationPipeline({
      route: { receiver: 'team', group_by: ['alertname', 'job'], group_wait: '30s', group_interval: '5m', routes: [{ matchers: ['severity="critical"'], receiver: 'pager', continue: true }, { matchers: ['job="api"'], receiver: 'team' }] },
      receivers: [{ name: 'team' }, { name: 'pager' }],
    });
    expect(() => new NotificationPipeline({ route: { receiver: 'nobody' }, receivers: [{ name: 'team' }] })).toThrow(/unknown receiver/);
    let rules: RuleGroupState = { rules: {} };
    let pipe = EMPTY_PIPELINE_STATE;
    const sent: PipelineNotification[] = [];
    for (let t = 0; t <= 1800 * S; t += 30 * S) {
      const ev = await evaluateRuleGroup(group, rules, query, t);
      rules = ev.state;
      pipe = pipeline.receive(pipe, ev.alerts, t);
      const r = pipeline.tick(pipe, t);
      pipe = r.state;
      sent.push(...r.notifications);
    }
    expect(sent.map((n) => [n.receiver, n.status, n.alerts.length, n.at / S]).sort((x, y) => Number(x[3]) - Number(y[3]) || String(x[0]).localeCompare(String(y[0])))).toEqual([
      ['pager', 'firing', 3, 150],
      ['team', 'firing', 3, 150],
      ['pager', 'resolved', 3, 750],
      ['team', 'resolved', 3, 750],
    ]);
    expect(toPortNotification(sent[0])).toMatchObject({ severity: 'critical', subject: '[FIRING:3] InstanceDown alertname=InstanceDown job=api' });
    expect(sent[0].alerts[0].annotations.summary).toBe('a is down');
    expect(new Set(sent.map((n) => n.dedupKey)).size).toBe(2);
  });
});
