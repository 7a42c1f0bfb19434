import { NotificationPipeline, type PipelineConfig } from '../../../../../lambdas/core/alerting/notification/notification-pipeline';
import { toPortNotification } from '../../../../../lambdas/core/alerting/notification/notification-message';
import { EMPTY_PIPELINE_STATE, type IncomingAlert, type PipelineNotification, type PipelineState } from '../../../../../lambdas/core/alerting/notification/notification-types';
import { silenceState, validateSilence, type Silence } from '../../../../../lambdas/core/alerting/notification/silences';
import { inTimeInterval } from '../../../../../lambdas/core/alerting/notification/time-intervals';

const S = 1000;
const M = 60 * S;
const T0 = Date.UTC(2026, 0, 5, 12, 0, 0); // a Monday

function alert(labels: Record<string, string>, startsAt = T0, endsAt = T0 + 60 * M): IncomingAlert {
  return { labels, annotations: { summary: `${labels.alertname} on ${labels.instance ?? '?'}` }, startsAt, endsAt };
}

/** Drives the pipeline: alerts arrive at given times; tick every `step` until `until`. */
function drive(p: NotificationPipeline, arrivals: [number, IncomingAlert[]][], until: number, step = 5 * S, start: PipelineState = EMPTY_PIPELINE_STATE) {
  let state = start;
  const sent: PipelineNotification[] = [];
  for (let t = T0; t <= until; t += step) {
    for (const [at, alerts] of arrivals) if (at === t) state = p.receive(state, alerts, t);
    const r = p.tick(state, t);
    state = r.state;
    sent.push(...r.notifications);
  }
  return { state, sent };
}

const base: PipelineConfig = {
  route: { receiver: 'team', group_by: ['alertname', 'cluster'], group_wait: '30s', group_interval: '5m', repeat_interval: '1h' },
  receivers: [{ name: 'team' }],
};

describe('notification pipeline: grouping and timers', () => {
  it('waits group_wait, then sends one notification per group with all its alerts', () => {
    const p = new NotificationPipeline(base);
    const { sent } = drive(p, [[T0, [alert({ alertname: 'Down', cluster: 'a', instance: '1' }), alert({ alertname: 'Down', cluster: 'a', instance: '2' }), alert({ alertname: 'Down', cluster: 'b', instance: '3' })]]], T0 + 60 * S);
    expect(sent).toHaveLength(2);
    expect(sent.map((n) => n.at - T0)).toEqual([30 * S, 30 * S]);
    const a = sent.find((n) => n.groupLabels.cluster === 'a')!;
    expect(a.alerts.map((x) => x.labels.instance)).toEqual(['1', '2']);
    expect(a.commonLabels).toEqual({ alertname: 'Down', cluster: 'a' });
    expect(a.status).toBe('firing');
  });

  it('adds late alerts at the next group_interval, stays quiet while nothing changes, repeats after repeat_interval', () => {
    const p = new NotificationPipeline(base);
    const a1 = alert({ alertname: 'Down', cluster: 'a', instance: '1' }, T0, T0 + 3 * 3600 * S);
    const a2 = alert({ alertname: 'Down', cluster: 'a', instance: '2' }, T0 + 2 * M, T0 + 3 * 3600 * S);
    const { sent } = drive(p, [[T0, [a1]], [T0 + 2 * M, [a2]]], T0 + 90 * M, 30 * S);
    expect(sent.map((n) => [(n.at - T0) / S, n.alerts.length])).toEqual([
      [30, 1], // group_wait
      [330, 2], // next group_interval flush: a new alert
      [330 + 3600, 2], // unchanged since: only repeat_interval brings it back
    ]);
    expect(sent[2].idempotencyKey).not.toBe(sent[1].idempotencyKey);
    expect(sent[2].dedupKey).toBe(sent[1].dedupKey);
  });

  it('sends resolved notifications when send_resolved, and forgets the group afterwards', () => {
    const p = new NotificationPipeline(base);
    const a = alert({ alertname: 'Down', cluster: 'a', instance: '1' }, T0, T0 + 3 * M);
    const { sent, state } = drive(p, [[T0, [a]]], T0 + 20 * M, 30 * S);
    expect(sent.map((n) => [n.status, (n.at - T0) / S])).toEqual([['firing', 30], ['resolved', 330]]);
    expect(sent[1].alerts[0].status).toBe('resolved');
    expect(state.groups).toEqual({});
    expect(state.alerts).toEqual({});
  });

  it('without send_resolved, a resolution sends nothing', () => {
    const p = new NotificationPipeline({ ...base, receivers: [{ name: 'team', send_resolved: false }] });
    const { sent } = drive(p, [[T0, [alert({ alertname: 'Down', cluster: 'a' }, T0, T0 + 3 * M)]]], T0 + 20 * M, 30 * S);
    expect(sent.map((n) => n.status)).toEqual(['firing']);
  });

  it('flushes at once when the alert is older than group_wait', () => {
    const p = new NotificationPipeline(base);
    const old = alert({ alertname: 'Down', cluster: 'a' }, T0 - 10 * M);
    const { sent } = drive(p, [[T0, [old]]], T0 + 10 * S);
    expect(sent.map((n) => n.at)).toEqual([T0]);
  });

  it("group_by ['...'] makes one group per alert", () => {
    const p = new NotificationPipeline({ ...base, route: { ...base.route, group_by: ['...'] } });
    const { sent } = drive(p, [[T0, [alert({ alertname: 'X', i: '1' }), alert({ alertname: 'X', i: '2' })]]], T0 + 40 * S);
    expect(sent).toHaveLength(2);
  });

  it('a resend of the same alert does not notify again, and the state survives JSON', () => {
    const p = new NotificationPipeline(base);
    const a = alert({ alertname: 'Down', cluster: 'a' });
    const first = drive(p, [[T0, [a]]], T0 + 40 * S);
    const restored = JSON.parse(JSON.stringify(first.state)) as PipelineState;
    let state = p.receive(restored, [{ ...a, endsAt: T0 + 2 * 3600 * S }], T0 + 5 * M);
    const r = p.tick(state, T0 + 6 * M);
    state = r.state;
    expect(first.sent).toHaveLength(1);
    expect(r.notifications).toHaveLength(0);
  });

  it('gives the same idempotency key for the same group content, whichever run computes it', () => {
    const run = () => drive(new NotificationPipeline(base), [[T0, [alert({ alertname: 'Down', cluster: 'a', instance: '1' })]]], T0 + 40 * S).sent[0];
    const [x, y] = [run(), run()];
    expect(x.idempotencyKey).toBe(y.idempotencyKey);
    const other = drive(new NotificationPipeline(base), [[T0, [alert({ alertname: 'Down', cluster: 'a', instance: '2' })]]], T0 + 40 * S).sent[0];
    expect(other.idempotencyKey).not.toBe(x.idempotencyKey);
    const msg = toPortNotification(x);
    expect(msg).toMatchObject({ severity: 'warning', subject: '[FIRING:1] Down alertname=Down cluster=a', dedupKey: x.idempotencyKey });
  });
});

describe('notification pipeline: inhibition, silences, time intervals', () => {
  it('a firing critical alert inhibits warnings with the same cluster only', () => {
    const p = new NotificationPipeline({
      ...base,
      route: { ...base.route, group_by: ['...'] },
      inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['cluster'] }],
    });
    const crit = alert({ alertname: 'ClusterDown', severity: 'critical', cluster: 'a' });
    const warnA = alert({ alertname: 'Slow', severity: 'warning', cluster: 'a' });
    const warnB = alert({ alertname: 'Slow', severity: 'warning', cluster: 'b' });
    const { sent } = drive(p, [[T0, [crit, warnA, warnB]]], T0 + 40 * S);
    expect(sent.map((n) => `${n.commonLabels.alertname}/${n.commonLabels.cluster}`).sort()).toEqual(['ClusterDown/a', 'Slow/b']);
  });

  it('an alert matching both source and target does not inhibit itself', () => {
    const p = new NotificationPipeline({ ...base, inhibit_rules: [{ source_matchers: ['alertname="A"'], target_matchers: ['alertname="A"'] }] });
    expect(drive(p, [[T0, [alert({ alertname: 'A', cluster: 'x' })]]], T0 + 40 * S).sent).toHaveLength(1);
  });

  it('active silences mute; pending and expired ones do not', () => {
    const sil = (id: string, startsAt: number, endsAt: number): Silence => ({ id, matchers: [{ name: 'instance', op: '=~', value: '1|2' }], startsAt, endsAt, createdBy: 'ops', comment: 'maintenance' });
    const active = sil('s1', T0 - M, T0 + M);
    expect([silenceState(sil('p', T0 + M, T0 + 2 * M), T0), silenceState(active, T0), silenceState(sil('e', T0 - 2 * M, T0 - M), T0)]).toEqual(['pending', 'active', 'expired']);
    const p = new NotificationPipeline({ ...base, route: { ...base.route, group_by: ['...'] } });
    const start: PipelineState = { ...EMPTY_PIPELINE_STATE, silences: [active] };
    const alerts = ['1', '2', '3'].map((i) => alert({ alertname: 'Down', instance: i }));
    const { sent } = drive(p, [[T0, alerts]], T0 + 40 * S, 5 * S, start);
    expect(sent.map((n) => n.commonLabels.instance)).toEqual(['3']);
    // Once the silence expires the muted alerts are notified at the next flush.
    const later = drive(p, [[T0, alerts]], T0 + 6 * M, 30 * S, start);
    expect(later.sent.map((n) => n.commonLabels.instance).sort()).toEqual(['1', '2', '3']);
  });

  it('validates silences', () => {
    expect(() => validateSilence({ id: 'x', matchers: [{ name: 'a', op: '=~', value: '.*' }], startsAt: 1, endsAt: 0, createdBy: '', comment: '' })).toThrow(/empty string.*endsAt.*createdBy.*comment/);
  });

  it('time intervals follow weekdays, times, days of month and the time zone', () => {
    const weekdayOffice = { weekdays: ['monday:friday'], times: [{ start_time: '09:00', end_time: '17:00' }], location: 'Europe/Berlin' };
    expect(inTimeInterval(weekdayOffice, Date.UTC(2026, 0, 5, 8, 0))).toBe(true); // 09:00 Berlin (UTC+1), Monday
    expect(inTimeInterval(weekdayOffice, Date.UTC(2026, 0, 5, 7, 59))).toBe(false);
    expect(inTimeInterval(weekdayOffice, Date.UTC(2026, 6, 6, 15, 30))).toBe(false); // 17:30 CEST
    expect(inTimeInterval(weekdayOffice, Date.UTC(2026, 6, 6, 14, 59))).toBe(true);
    expect(inTimeInterval(weekdayOffice, Date.UTC(2026, 0, 10, 10, 0))).toBe(false); // Saturday
    expect(inTimeInterval({ days_of_month: ['-1'] }, Date.UTC(2026, 1, 28, 10))).toBe(true);
    expect(inTimeInterval({ days_of_month: ['-1'] }, Date.UTC(2026, 1, 27, 10))).toBe(false);
    expect(inTimeInterval({ months: ['december', '1:2'], years: ['2026'] }, Date.UTC(2026, 1, 3))).toBe(true);
    expect(inTimeInterval({ months: ['march:november'] }, Date.UTC(2026, 1, 3))).toBe(false);
  });

  it('mute_time_intervals hold notifications back; they go out once the interval ends', () => {
    const p = new NotificationPipeline({
      route: { receiver: 'team', group_wait: '30s', group_interval: '5m', routes: [{ matchers: ['severity="warning"'], mute_time_intervals: ['lunch'] }] },
      time_intervals: [{ name: 'lunch', time_intervals: [{ times: [{ start_time: '12:00', end_time: '12:10' }] }] }],
    });
    const { sent } = drive(p, [[T0, [alert({ alertname: 'W', severity: 'warning' }), alert({ alertname: 'C', severity: 'critical' })]]], T0 + 20 * M, 30 * S);
    expect(sent.map((n) => [n.commonLabels.alertname, (n.at - T0) / M])).toEqual([['C', 0.5], ['W', 10.5]]);
    expect(() => new NotificationPipeline({ route: { receiver: 'x', mute_time_intervals: ['nope'] } })).toThrow(/unknown time interval/);
  });
});
