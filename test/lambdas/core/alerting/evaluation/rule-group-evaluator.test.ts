import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateRuleGroup, type RuleGroupState } from '../../../../../lambdas/core/alerting/evaluation/rule-group-evaluator';
import { evaluateRecordingRule } from '../../../../../lambdas/core/alerting/evaluation/recording-rule-evaluator';
import { importPrometheusRules } from '../../../../../lambdas/core/alerting/rules/prometheus-rule-import';
import type { RuleGroup } from '../../../../../lambdas/core/alerting/rules/rule';
import type { QueryFunction } from '../../../../../lambdas/core/alerting/evaluation/query-function';
import { describeWithConformance } from '../../../../support/conformance';
import { FakeSeriesStore, fakeQuery, parseSelector, sampleSlice } from '../support/spec-replay';

const S = 1000;

async function run(group: RuleGroup, store: FakeSeriesStore, special: Parameters<typeof fakeQuery>[1], until: number) {
  let state: RuleGroupState = { rules: {} };
  const out = [];
  for (let t = 0; t <= until; t += group.intervalMs) {
    const ev = await evaluateRuleGroup(group, state, fakeQuery(store, special), t, { onSamples: store.write });
    state = ev.state;
    out.push({ t, ev });
  }
  return out;
}

describeWithConformance('rule groups from the alert-generator conformance rules', ['promql', 'alert_generator'], (dir) => {
  const imported = importPrometheusRules(readFileSync(join(dir, 'rules.yaml'), 'utf8'));
  const group = (name: string) => imported.groups.find((g) => g.name === name)!;

  it('imports all four groups with their 30s interval and no errors', () => {
    expect(imported.errors).toEqual([]);
    expect(imported.groups.map((g) => [g.name, g.intervalMs, g.rules.length])).toEqual([
      ['NewAlerts_OrderCheck', 30 * S, 2],
      ['PendingAndFiringAndResolved', 30 * S, 1],
      ['PendingAndResolved_AlwaysInactive', 30 * S, 2],
      ['ZeroFor_SmallFor', 30 * S, 2],
    ]);
  });

  it('NewAlerts_OrderCheck: a rule sees ALERTS written by the rule before it in the same cycle', async () => {
    const g = group('NewAlerts_OrderCheck');
    const base = { __name__: 'alert_generator_test_suite', alertname: 'NewAlerts_OrderCheck_Rule1', rulegroup: 'NewAlerts_OrderCheck' };
    const store = new FakeSeriesStore();
    store.add({ ...base, variant: 'one' }, sampleSlice(15 * S, '1', '0x7', '11', '0x64', '9', '0x20'));
    store.add({ ...base, variant: 'two' }, sampleSlice(15 * S, '1', '0x31', '11', '0x32', '9', '0x20'));
    // The second rule's `(A{variant="one"} + ignoring(variant) A{variant="two"}) == 2`, computed from the store.
    const rule2 = g.rules[1].expr;
    const special = {
      [rule2]: (t: number) => {
        const sel = parseSelector('ALERTS{alertstate="firing", alertname="NewAlerts_OrderCheck_Rule1", foo="bar", rulegroup="NewAlerts_OrderCheck"}');
        const one = store.select({ ...sel, variant: 'one' }, t).filter((s) => s.labels.__name__ === 'ALERTS');
        const two = store.select({ ...sel, variant: 'two' }, t);
        if (one.length === 0 || two.length === 0) return [];
        const { __name__: _n, variant: _v, ...labels } = one[0].labels;
        return one[0].value + two[0].value === 2 ? [{ labels, value: 2 }] : [];
      },
    };
    const steps = await run(g, store, special, 900 * S);
    const firstFiring = (name: string) =>
      steps.find((s) => Object.values(s.ev.state.rules).some((r) => Object.values(r.alerts).some((a) => a.labels.alertname === name && a.state === 'firing')))?.t;
    // Variant two is pending at 8m and fires 3m later; Rule2 fires in that very evaluation.
    expect(firstFiring('NewAlerts_OrderCheck_Rule1')).toBe(300 * S);
    expect(firstFiring('NewAlerts_OrderCheck_Rule2')).toBe(660 * S);
    const r2 = steps.find((s) => s.t === 660 * S)!.ev.alerts.find((a) => a.labels.alertname === 'NewAlerts_OrderCheck_Rule2')!;
    expect(r2.labels).toEqual({ alertname: 'NewAlerts_OrderCheck_Rule2', alertstate: 'firing', ba_dum: 'tss', foo: 'baz', rulegroup: 'NewAlerts_OrderCheck' });
    expect(r2.annotations.description).toBe('Based on ALERTS. Old alertname was NewAlerts_OrderCheck_Rule1. foo was bar.');
  });

  it('ZeroFor_SmallFor: the template functions give the values the compliance suite expects', async () => {
    const g = group('ZeroFor_SmallFor');
    const store = new FakeSeriesStore();
    for (const r of ['ZeroFor_SmallFor_ZeroFor', 'ZeroFor_SmallFor_SmallFor']) {
      store.add({ __name__: 'alert_generator_test_suite', alertname: r, rulegroup: 'ZeroFor_SmallFor' }, sampleSlice(15 * S, '3', '15', '0x20'));
    }
    const steps = await run(g, store, {}, 60 * S);
    const sent = steps.flatMap((s) => s.ev.alerts);
    const zero = sent.find((a) => a.labels.alertname === 'ZeroFor_SmallFor_ZeroFor')!;
    const small = sent.find((a) => a.labels.alertname === 'ZeroFor_SmallFor_SmallFor')!;
    expect(zero.annotations.template_test).toBe('1.049M 1Mi 2m 15s 95.9% 2022-01-25 12:36:43 +0000 UTC');
    expect(small.annotations.template_test).toBe('This Part IS TESTING the strings. ::1 127.0.0.1. 7815. replaced text. .');
    // `query` needs a PromQL engine inside templates, which this evaluator does not have: it expands to an error, not a crash.
    expect(zero.annotations.template_query_test).toMatch(/^<error expanding template template_query_test: .*query/);
  });
});

describe('rule group errors', () => {
  it('a failed rule sends nothing that evaluation and keeps its alerts; later rules still run', async () => {
    let fail = false;
    const query: QueryFunction = async (expr) => {
      if (expr === 'a' && fail) throw new Error('query timed out');
      return [{ labels: { x: expr }, value: 1 }];
    };
    const group: RuleGroup = {
      name: 'g',
      intervalMs: 60 * S,
      rules: ['a', 'b'].map((e) => ({ kind: 'alerting' as const, name: e.toUpperCase(), expr: e, forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {} })),
    };
    const one = await evaluateRuleGroup(group, { rules: {} }, query, 0);
    expect(one.alerts.map((a) => a.labels.alertname)).toEqual(['A', 'B']);
    fail = true;
    const two = await evaluateRuleGroup(group, one.state, query, 60 * S);
    expect(two.errors).toEqual({ '0:A': 'query timed out' });
    expect(two.alerts.map((a) => a.labels.alertname)).toEqual(['B']);
    expect(Object.values(two.state.rules['0:A'].alerts)[0].state).toBe('firing');
  });
});

describe('recording rules', () => {
  it('name the result series, apply labels, and reject duplicate label sets', async () => {
    const q: QueryFunction = async () => [
      { labels: { __name__: 'http_requests_total', job: 'api', code: '200' }, value: 5 },
      { labels: { job: 'api', code: '500' } as Record<string, string>, value: 1 },
    ];
    const ok = await evaluateRecordingRule({ kind: 'recording', record: 'job_code:http_requests:rate5m', expr: 'x', labels: { team: 'core' } }, q, 42);
    expect(ok.samples).toEqual([
      { labels: { __name__: 'job_code:http_requests:rate5m', job: 'api', code: '200', team: 'core' }, value: 5, timestamp: 42 },
      { labels: { __name__: 'job_code:http_requests:rate5m', job: 'api', code: '500', team: 'core' }, value: 1, timestamp: 42 },
    ]);
    const dup = await evaluateRecordingRule({ kind: 'recording', record: 'r', expr: 'x', labels: { code: '' } }, q, 42);
    expect(dup.samples).toEqual([]);
    expect(dup.error).toMatch(/same labelset/);
  });

  it('in a group, later rules query what earlier recording rules wrote in the same cycle', async () => {
    const store = new FakeSeriesStore();
    store.add({ __name__: 'load', host: 'h1' }, [{ timestamp: 0, value: 50 }]);
    const group: RuleGroup = {
      name: 'g',
      intervalMs: 60 * S,
      rules: [
        { kind: 'recording', record: 'host:load:copy', expr: 'copy', labels: {} },
        { kind: 'alerting', name: 'HighLoad', expr: 'host:load:copy{} > 10', forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {} },
      ],
    };
    const special = { copy: (t: number) => store.select({ __name__: 'load' }, t) };
    const [step] = await run(group, store, special, 0);
    expect(step.ev.alerts.map((a) => a.labels)).toEqual([{ alertname: 'HighLoad', host: 'h1' }]);
  });
});
