import type { BenchRow } from './bench-row';
import { platformRows } from './alerting-platform';
import { alertsToSend } from '../lambdas/core/alerting/evaluation/alert-sender';
import { EMPTY_ALERTING_RULE_STATE, evaluateAlertingRule, type AlertingRuleState } from '../lambdas/core/alerting/evaluation/alerting-rule-evaluator';
import type { InstantSample, QueryFunction } from '../lambdas/core/alerting/evaluation/query-function';
import { NotificationPipeline } from '../lambdas/core/alerting/notification/notification-pipeline';
import { EMPTY_PIPELINE_STATE, type IncomingAlert, type PipelineState } from '../lambdas/core/alerting/notification/notification-types';
import type { Silence } from '../lambdas/core/alerting/notification/silences';
import type { AlertingRule } from '../lambdas/core/alerting/rules/rule';

const RULES = 1000;
const SERIES_PER_RULE = 100;
const CYCLES = 6;
const PIPELINE_ALERTS = 50_000;

// Evaluator: 1,000 rules, each query answering 100 series whose values cross the threshold now and then,
// so alerts go through pending, firing and resolved; labels and annotations are templated.
async function evaluatorRate(): Promise<BenchRow[]> {
  const series: InstantSample[][] = [];
  for (let r = 0; r < RULES; r++) {
    series.push(Array.from({ length: SERIES_PER_RULE }, (_, i) => ({ labels: { __name__: `metric_${r % 50}`, service: `svc-${r % 20}`, instance: `10.0.${r % 250}.${i}:9100`, job: 'node' }, value: 0 })));
  }
  const query: QueryFunction = async (expr, time) => {
    const r = Number(expr.slice(5));
    const cycle = Math.floor(time / 60_000);
    // About a third of the series are above threshold at any time, changing every cycle.
    return series[r].filter((_, i) => (i + cycle * 7 + r) % 3 === 0).map((s, i) => ({ labels: s.labels, value: 0.9 + (i % 10) / 100 }));
  };
  const rules: AlertingRule[] = Array.from({ length: RULES }, (_, r) => ({
    kind: 'alerting',
    name: `Rule${r}`,
    expr: `rule ${r}`,
    forMs: r % 2 ? 0 : 120_000,
    keepFiringForMs: r % 5 === 0 ? 60_000 : 0,
    labels: { severity: r % 3 ? 'warning' : 'critical', team: 'team-{{ $labels.service }}' },
    annotations: { summary: '{{ $labels.instance }} of {{ $labels.service }} is at {{ $value | humanizePercentage }}', value: '{{ printf "%.2f" $value }}' },
  }));
  const states: AlertingRuleState[] = rules.map(() => EMPTY_ALERTING_RULE_STATE);
  let alerts = 0;
  let sent = 0;
  const start = performance.now();
  for (let c = 0; c < CYCLES; c++) {
    const t = c * 60_000;
    for (let r = 0; r < RULES; r++) {
      const ev = await evaluateAlertingRule(rules[r], states[r], query, t);
      const s = alertsToSend(ev.state, t, { groupIntervalMs: 60_000 });
      states[r] = s.state;
      alerts += Object.keys(s.state.alerts).length;
      sent += s.alerts.length;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const evaluations = RULES * CYCLES;
  return [
    { area: 'alerting', name: `rule evaluations/s (state machine + templating, ${SERIES_PER_RULE} series per rule, ${RULES} rules)`, value: evaluations / seconds, unit: 'rules/s', target: '>= 16.7 (1,000 rules each minute)', ok: evaluations / seconds >= RULES / 60 },
    { area: 'alerting', name: 'alert instances stepped/s by the evaluator', value: alerts / seconds, unit: 'alerts/s' },
    { area: 'alerting', name: 'alerts due to send per evaluation cycle', value: sent / CYCLES, unit: 'alerts' },
  ];
}

// Pipeline: alerts through routing (nested routes, regex), grouping, inhibition and silences, then flushed.
function pipelineRate(): BenchRow[] {
  const pipeline = new NotificationPipeline({
    route: {
      receiver: 'default',
      group_by: ['alertname', 'service'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        { matchers: ['severity="critical"'], receiver: 'pager', continue: true },
        { matchers: ['service=~"svc-1.*"'], receiver: 'team-1', routes: [{ matchers: ['env!="prod"'], receiver: 'team-1-dev' }] },
        { matchers: ['service=~"svc-2.*"'], receiver: 'team-2', group_by: ['service'] },
      ],
    },
    inhibit_rules: [{ source_matchers: ['alertname="ServiceDown"'], target_matchers: ['severity="warning"'], equal: ['service'] }],
  });
  const silences: Silence[] = Array.from({ length: 50 }, (_, i) => ({ id: `s${i}`, matchers: [{ name: 'instance', op: '=~', value: `i-${i}-.*` }], startsAt: 0, endsAt: 1e13, createdBy: 'bench', comment: 'bench' }));
  const alerts: IncomingAlert[] = Array.from({ length: PIPELINE_ALERTS }, (_, i) => ({
    labels: { alertname: i % 100 === 0 ? 'ServiceDown' : `Alert${i % 37}`, service: `svc-${i % 40}`, instance: `i-${i % 500}-${i}`, env: i % 2 ? 'prod' : 'dev', severity: i % 100 === 0 ? 'critical' : i % 4 ? 'warning' : 'critical' },
    annotations: { summary: `alert ${i}` },
    startsAt: 0,
    endsAt: 3_600_000,
  }));
  const run = (batch: number) => {
    let state: PipelineState = { ...EMPTY_PIPELINE_STATE, silences };
    const start = performance.now();
    for (let i = 0; i < alerts.length; i += batch) state = pipeline.receive(state, alerts.slice(i, i + batch), 1000);
    const received = performance.now();
    const r = pipeline.tick(state, 31_000);
    const end = performance.now();
    return { total: (end - start) / 1000, receive: (received - start) / 1000, flush: (end - received) / 1000, notifications: r.notifications.length };
  };
  // State is immutable, so each receive call copies the alert map: big batches (a Lambda batch) amortise that, small ones pay it.
  const big = run(10_000);
  const small = run(1_000);
  const name = `routing + grouping + inhibition + 50 silences, ${PIPELINE_ALERTS.toLocaleString('en-US')} alerts`;
  return [
    { area: 'alerting', name: `notification pipeline alerts/s (${name}, batches of 10,000)`, value: PIPELINE_ALERTS / big.total, unit: 'alerts/s', target: '>= 10000', ok: PIPELINE_ALERTS / big.total >= 10_000 },
    { area: 'alerting', name: `notification pipeline alerts/s (${name}, batches of 1,000)`, value: PIPELINE_ALERTS / small.total, unit: 'alerts/s' },
    { area: 'alerting', name: 'pipeline receive (route + group) alerts/s, batches of 10,000', value: PIPELINE_ALERTS / big.receive, unit: 'alerts/s' },
    { area: 'alerting', name: 'pipeline flush (inhibit + silence + dedup) alerts/s', value: PIPELINE_ALERTS / big.flush, unit: 'alerts/s' },
    { area: 'alerting', name: 'notifications from the flush', value: big.notifications, unit: 'notifications' },
  ];
}

/** Alerting benchmarks: rule evaluator rate, notification pipeline throughput, and the platform's trigger-to-delivery latency in local mode. */
export default async function alertingBench(): Promise<BenchRow[]> {
  return [...(await evaluatorRate()), ...pipelineRate(), ...(await platformRows())];
}
