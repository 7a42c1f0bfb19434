import { acknowledge, escalate, resolveEscalation, startEscalation, type EscalationPolicy } from '../../../../../lambdas/core/alerting/escalation/escalation-policy';
import type { OnCallSchedule } from '../../../../../lambdas/core/alerting/escalation/oncall-schedule';

const M = 60_000;
const T = Date.UTC(2026, 0, 6, 10, 0);
const schedules: Record<string, OnCallSchedule> = {
  primary: { id: 'primary', timeZone: 'UTC', layers: [{ name: 'p', participants: ['ann', 'bob'], rotation: { type: 'daily' }, start: '2026-01-01T09:00' }] },
};
const policy: EscalationPolicy = {
  id: 'default',
  levels: [
    { targets: [{ type: 'schedule', id: 'primary' }], timeoutMinutes: 15 },
    { targets: [{ type: 'user', id: 'lead' }], timeoutMinutes: 10 },
    { targets: [{ type: 'user', id: 'manager' }, { type: 'user', id: 'director' }], timeoutMinutes: 30 },
  ],
  repeat: 1,
};

function runUntil(end: number, ackAt?: number) {
  let state = startEscalation('inc-1', T);
  const pages = [];
  for (let t = T; t <= end; t += M) {
    if (ackAt !== undefined && t === ackAt) state = acknowledge(state, t);
    const r = escalate(state, policy, t, schedules);
    state = r.state;
    pages.push(...r.pages);
  }
  return { state, pages };
}

describe('escalation', () => {
  it('pages level 1 at the trigger, then each level after the previous timeout, then repeats', () => {
    const { pages, state } = runUntil(T + 200 * M);
    expect(pages.map((p) => [p.level, p.cycle, p.user, (p.at - T) / M])).toEqual([
      [1, 0, 'bob', 0], // 2026-01-06 is day 5 of the daily rotation started 2026-01-01
      [2, 0, 'lead', 15],
      [3, 0, 'manager', 25],
      [3, 0, 'director', 25],
      [1, 1, 'bob', 55],
      [2, 1, 'lead', 70],
      [3, 1, 'manager', 80],
      [3, 1, 'director', 80],
    ]);
    expect(state.exhausted).toBe(true);
  });

  it('an acknowledgement stops further escalation', () => {
    const { pages } = runUntil(T + 200 * M, T + 20 * M);
    expect(pages.map((p) => p.level)).toEqual([1, 2]);
  });

  it('an acknowledgement exactly at a due time wins over the page', () => {
    const { pages } = runUntil(T + 60 * M, T + 15 * M);
    expect(pages.map((p) => p.level)).toEqual([1]);
  });

  it('catches up pages missed between calls, with their due times, and does not repeat them', () => {
    let state = startEscalation('inc-2', T);
    const first = escalate(state, policy, T + 26 * M, schedules);
    expect(first.pages.map((p) => [p.level, (p.at - T) / M])).toEqual([[1, 0], [2, 15], [3, 25], [3, 25]]);
    state = first.state;
    expect(escalate(state, policy, T + 27 * M, schedules).pages).toEqual([]);
    const resolved = resolveEscalation(state, T + 30 * M);
    expect(escalate(resolved, policy, T + 120 * M, schedules).pages).toEqual([]);
  });

  it('state survives JSON', () => {
    const a = escalate(startEscalation('inc-3', T), policy, T, schedules);
    const b = escalate(JSON.parse(JSON.stringify(a.state)), policy, T + 15 * M, schedules);
    expect(b.pages.map((p) => p.user)).toEqual(['lead']);
  });
});
