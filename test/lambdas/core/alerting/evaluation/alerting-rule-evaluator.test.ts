import { alertsToSend, type OutgoingAlert } from '../../../../../lambdas/core/alerting/evaluation/alert-sender';
import {
  EMPTY_ALERTING_RULE_STATE,
  evaluateAlertingRule,
  ruleAlertState,
  type AlertingRuleState,
} from '../../../../../lambdas/core/alerting/evaluation/alerting-rule-evaluator';
import type { OutputSample, QueryFunction } from '../../../../../lambdas/core/alerting/evaluation/query-function';
import type { AlertingRule } from '../../../../../lambdas/core/alerting/rules/rule';
import { FakeSeriesStore, fakeQuery, sampleSlice } from '../support/spec-replay';

const S = 1000;

function rule(over: Partial<AlertingRule> & { name: string; expr: string }): AlertingRule {
  return { kind: 'alerting', forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {}, ...over };
}

interface Step {
  t: number;
  state: AlertingRuleState;
  samples: OutputSample[];
  sent: OutgoingAlert[];
}

/** Evaluates a rule every `interval` from 0 to `until` and sends what the sender says, like the rule manager. */
async function replay(r: AlertingRule, query: QueryFunction, interval: number, until: number): Promise<Step[]> {
  let state = EMPTY_ALERTING_RULE_STATE;
  const steps: Step[] = [];
  for (let t = 0; t <= until; t += interval) {
    const ev = await evaluateAlertingRule(r, state, query, t);
    const sent = alertsToSend(ev.state, t, { groupIntervalMs: interval });
    state = sent.state;
    steps.push({ t, state, samples: ev.samples, sent: sent.alerts });
  }
  return steps;
}

describe('alerting rule state machine (alert-generator specification)', () => {
  describe('PendingAndFiringAndResolved: pending -> firing -> inactive -> pending again', () => {
    const lbls = { __name__: 'alert_generator_test_suite', alertname: 'PendingAndFiringAndResolved_SimpleAlert', rulegroup: 'PendingAndFiringAndResolved' };
    const store = new FakeSeriesStore();
    store.add(lbls, sampleSlice(15 * S,
      '3', '5', '0x2', '9', '0x3', '11', '0x12', '15', '0x11', '0x20', '19', '0x15',
      '9', '0x19', '15', '0x24', '0x20', '8', '0x15'));
    const r = rule({
      name: 'PendingAndFiringAndResolved_SimpleAlert',
      expr: '{__name__="alert_generator_test_suite", alertname="PendingAndFiringAndResolved_SimpleAlert", rulegroup="PendingAndFiringAndResolved"} > 10',
      forMs: 360 * S,
      labels: { foo: 'bar', rulegroup: 'PendingAndFiringAndResolved' },
      annotations: { description: 'SimpleAlert is firing', summary: 'The value is {{$value}} {{.Value}}' },
    });
    let steps: Step[];
    beforeAll(async () => {
      steps = await replay(r, fakeQuery(store), 30 * S, 2235 * S);
    });
    const at = (sec: number) => steps.find((s) => s.t === sec * S)!;
    const only = (s: Step) => Object.values(s.state.alerts);

    it('stays inactive until the value crosses the threshold', () => {
      for (const sec of [0, 30, 60, 90]) expect(only(at(sec))).toHaveLength(0);
    });

    it('is pending from 2m with ActiveAt 2m, with annotations following the value', () => {
      const p = only(at(120))[0];
      expect(p).toMatchObject({ state: 'pending', activeAt: 120 * S, value: 11 });
      expect(p.annotations.summary).toBe('The value is 11 11');
      expect(only(at(330))[0].annotations.summary).toBe('The value is 15 15');
      expect(only(at(450))[0].state).toBe('pending');
      expect(ruleAlertState(at(450).state)).toBe('pending');
    });

    it('fires once for has passed since ActiveAt (ts - ActiveAt >= for)', () => {
      const f = only(at(480))[0];
      expect(f).toMatchObject({ state: 'firing', activeAt: 120 * S, firedAt: 480 * S });
      expect(f.labels).toEqual({ alertname: r.name, foo: 'bar', rulegroup: 'PendingAndFiringAndResolved' });
      expect(ruleAlertState(at(480).state)).toBe('firing');
    });

    it('produces ALERTS and ALERTS_FOR_STATE series only for active alerts', () => {
      const pending = at(150).samples;
      expect(pending).toContainEqual({ labels: { __name__: 'ALERTS', alertstate: 'pending', alertname: r.name, foo: 'bar', rulegroup: 'PendingAndFiringAndResolved' }, value: 1, timestamp: 150 * S });
      expect(pending).toContainEqual({ labels: { __name__: 'ALERTS_FOR_STATE', alertname: r.name, foo: 'bar', rulegroup: 'PendingAndFiringAndResolved' }, value: 120, timestamp: 150 * S });
      expect(at(510).samples.find((s) => s.labels.__name__ === 'ALERTS')?.labels.alertstate).toBe('firing');
      expect(at(1050).samples).toHaveLength(0);
    });

    it('resolves at the first evaluation that does not return it', () => {
      expect(only(at(1020))[0].state).toBe('firing');
      expect(only(at(1050))[0]).toMatchObject({ state: 'inactive', resolvedAt: 1050 * S });
    });

    it('sends firing alerts when they fire and every ResendDelay after, never while pending', () => {
      const sentAt = steps.filter((s) => s.sent.some((a) => a.endsAt > s.t)).map((s) => s.t / S);
      expect(sentAt).toEqual([480, 540, 600, 660, 720, 780, 840, 900, 960, 1020, 1710, 1770, 1830, 1890, 1950]);
      const first = at(480).sent[0];
      expect(first.startsAt).toBe(480 * S);
      // endsAt = StartsAt-of-send + 4 * max(ResendDelay, group interval).
      expect(first.endsAt).toBe((480 + 240) * S);
      expect(at(540).sent[0].annotations.summary).toBe('The value is 15 15');
    });

    it('sends resolved alerts when they resolve and resends them until a new alert with the same labels appears', () => {
      const resolvedAt = steps.filter((s) => s.sent.some((a) => a.endsAt <= s.t)).map((s) => s.t / S);
      expect(resolvedAt).toEqual([1050, 1110, 1170, 1230, 1290, 2010, 2070, 2130, 2190]);
      expect(at(1110).sent[0]).toMatchObject({ startsAt: 480 * S, endsAt: 1050 * S });
    });

    it('treats a reappearance after resolution as a new alert with a new ActiveAt', () => {
      expect(only(at(1350))[0]).toMatchObject({ state: 'pending', activeAt: 1350 * S });
      expect(only(at(1680))[0].state).toBe('pending');
      expect(only(at(1710))[0]).toMatchObject({ state: 'firing', firedAt: 1710 * S });
    });
  });

  describe('ZeroFor_SmallFor', () => {
    const base = { __name__: 'alert_generator_test_suite', rulegroup: 'ZeroFor_SmallFor' };
    const values = ['3', '5', '0x2', '9', '0x3', '15', '0x12', '9', '0x71', '11', '0x12', '9'];
    const store = new FakeSeriesStore();
    store.add({ ...base, alertname: 'ZeroFor_SmallFor_ZeroFor' }, sampleSlice(15 * S, ...values));
    store.add({ ...base, alertname: 'ZeroFor_SmallFor_SmallFor' }, sampleSlice(15 * S, ...values));
    const zero = rule({ name: 'ZeroFor_SmallFor_ZeroFor', expr: '{__name__="alert_generator_test_suite", alertname="ZeroFor_SmallFor_ZeroFor", rulegroup="ZeroFor_SmallFor"} > 10' });
    const small = rule({ name: 'ZeroFor_SmallFor_SmallFor', forMs: 15 * S, expr: '{__name__="alert_generator_test_suite", alertname="ZeroFor_SmallFor_SmallFor", rulegroup="ZeroFor_SmallFor"} > 13' });

    it('a zero for fires at the first evaluation, skipping pending', async () => {
      const steps = await replay(zero, fakeQuery(store), 30 * S, 300 * S);
      const s = steps.find((x) => x.t === 120 * S)!;
      expect(Object.values(s.state.alerts)[0]).toMatchObject({ state: 'firing', activeAt: 120 * S, firedAt: 120 * S });
      expect(s.sent).toHaveLength(1);
    });

    it('a for shorter than the interval fires at the next evaluation, not in between', async () => {
      const steps = await replay(small, fakeQuery(store), 30 * S, 300 * S);
      expect(Object.values(steps.find((x) => x.t === 120 * S)!.state.alerts)[0].state).toBe('pending');
      expect(Object.values(steps.find((x) => x.t === 150 * S)!.state.alerts)[0]).toMatchObject({ state: 'firing', firedAt: 150 * S });
    });

    it('stops resending a resolved alert 15 minutes after ResolvedAt and forgets it', async () => {
      const steps = await replay(zero, fakeQuery(store), 30 * S, 1500 * S);
      // Last value 15 at 300s (index 20); 9 from 315s, so the alert resolves at the 330s evaluation.
      const resolvedSends = steps.filter((s) => s.sent.some((a) => a.endsAt <= s.t)).map((s) => s.t / S);
      expect(resolvedSends[0]).toBe(330);
      expect(resolvedSends[resolvedSends.length - 1]).toBe(330 + 840);
      expect(resolvedSends).toHaveLength(15);
      expect(Object.keys(steps.find((s) => s.t === (330 + 900) * S)!.state.alerts)).toHaveLength(0);
    });
  });

  it('a pending alert that goes away is dropped and never sent (PendingAndResolved_AlwaysInactive)', async () => {
    const store = new FakeSeriesStore();
    store.add({ __name__: 'm', id: 'a' }, sampleSlice(15 * S, '1', '0x7', '11', '0x7', '1', '0x20'));
    const r = rule({ name: 'AlwaysPending', expr: 'm{id="a"} > 10', forMs: 180 * S });
    const steps = await replay(r, fakeQuery(store), 30 * S, 600 * S);
    expect(steps.some((s) => Object.values(s.state.alerts).some((a) => a.state === 'pending'))).toBe(true);
    expect(steps.every((s) => Object.values(s.state.alerts).every((a) => a.state !== 'firing'))).toBe(true);
    expect(steps.flatMap((s) => s.sent)).toHaveLength(0);
    expect(Object.keys(steps[steps.length - 1].state.alerts)).toHaveLength(0);
  });

  it('keep_firing_for holds a firing alert after its condition clears, and a return resets the hold', async () => {
    const store = new FakeSeriesStore();
    // 30s samples: above from 60s to 150s, below at 180..240s, above at 270s, below from 300s on.
    store.add({ __name__: 'm' }, sampleSlice(30 * S, '1', '0x1', '20', '0x3', '1', '0x2', '20', '1', '0x30'));
    const r = rule({ name: 'Keep', expr: 'm{} > 10', keepFiringForMs: 90 * S });
    const steps = await replay(r, fakeQuery(store), 30 * S, 600 * S);
    const st = (sec: number) => Object.values(steps.find((s) => s.t === sec * S)!.state.alerts)[0]?.state;
    expect(st(60)).toBe('firing');
    expect([st(180), st(210), st(240)]).toEqual(['firing', 'firing', 'firing']);
    expect(st(270)).toBe('firing');
    expect([st(300), st(330), st(360)]).toEqual(['firing', 'firing', 'firing']);
    expect(st(390)).toBe('inactive');
    const alerts = steps.find((s) => s.t === 390 * S)!.state.alerts;
    expect(Object.values(alerts)[0]).toMatchObject({ activeAt: 60 * S, resolvedAt: 390 * S });
  });

  it('expands label templates, removes empty labels, sets alertname, and errors on duplicate label sets', async () => {
    const q: QueryFunction = async () => [
      { labels: { __name__: 'up', instance: 'a:9100', job: 'node', env: 'x' }, value: 0 },
      { labels: { __name__: 'up', instance: 'b:9100', job: 'node', env: 'x' }, value: 0.5 },
    ];
    const r = rule({
      name: 'InstanceDown',
      expr: 'up == 0',
      labels: { host: '{{ $labels.instance | stripPort }}', env: '', alertname: 'ignored' },
      annotations: { summary: '{{ $labels.job }} down ({{ $value | humanizePercentage }})', bad: '{{ nosuchfn 1 }}' },
    });
    const ev = await evaluateAlertingRule(r, EMPTY_ALERTING_RULE_STATE, q, 1000);
    const alerts = Object.values(ev.state.alerts).sort((a, b) => (a.labels.host < b.labels.host ? -1 : 1));
    expect(alerts[0].labels).toEqual({ alertname: 'InstanceDown', host: 'a', instance: 'a:9100', job: 'node' });
    expect(alerts[1].annotations.summary).toBe('node down (50%)');
    expect(alerts[0].annotations.bad).toMatch(/^<error expanding template bad: function "nosuchfn" not defined>$/);

    const dup = rule({ name: 'Dup', expr: 'up == 0', labels: { instance: 'same' } });
    const bad = await evaluateAlertingRule(dup, ev.state, q, 2000);
    expect(bad.state.health).toBe('err');
    expect(bad.state.lastError).toMatch(/same labelset/);
    expect(bad.samples).toHaveLength(0);
  });

  it('a query error keeps the alerts as they were and reports the error', async () => {
    const ok: QueryFunction = async () => [{ labels: { a: '1' }, value: 1 }];
    const r = rule({ name: 'X', expr: 'x', forMs: 60 * S });
    const first = await evaluateAlertingRule(r, EMPTY_ALERTING_RULE_STATE, ok, 0);
    const failed = await evaluateAlertingRule(r, first.state, async () => { throw new Error('timeout'); }, 30 * S);
    expect(failed.state).toMatchObject({ health: 'err', lastError: 'timeout' });
    expect(failed.state.alerts).toEqual(first.state.alerts);
    const back = await evaluateAlertingRule(r, failed.state, ok, 60 * S);
    expect(Object.values(back.state.alerts)[0]).toMatchObject({ state: 'firing', activeAt: 0 });
    expect(back.state.health).toBe('ok');
  });

  it('state round-trips through JSON (a StateStore can hold it)', async () => {
    const q: QueryFunction = async () => [{ labels: { a: '1' }, value: 3 }];
    const r = rule({ name: 'J', expr: 'x', forMs: 60 * S });
    const one = await evaluateAlertingRule(r, EMPTY_ALERTING_RULE_STATE, q, 0);
    const restored = JSON.parse(JSON.stringify(one.state)) as AlertingRuleState;
    const two = await evaluateAlertingRule(r, restored, q, 60 * S);
    expect(Object.values(two.state.alerts)[0]).toMatchObject({ state: 'firing', activeAt: 0, firedAt: 60 * S });
  });
});
