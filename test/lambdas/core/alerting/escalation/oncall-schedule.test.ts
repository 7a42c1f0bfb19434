import { whoIsOnCall, type OnCallSchedule } from '../../../../../lambdas/core/alerting/escalation/oncall-schedule';
import { zonedTimeToUtc } from '../../../../../lambdas/core/alerting/time-zone';

const H = 3_600_000;
const ny = (y: number, mo: number, d: number, h: number, mi = 0) => zonedTimeToUtc({ year: y, month: mo, day: d, hour: h, minute: mi }, 'America/New_York');

describe('on-call schedules', () => {
  const daily: OnCallSchedule = {
    id: 'ops',
    timeZone: 'America/New_York',
    layers: [{ name: 'primary', participants: ['ann', 'bob', 'cat'], rotation: { type: 'daily' }, start: '2026-03-01T09:00' }],
  };

  it('rotates daily at the local handoff time', () => {
    expect(whoIsOnCall(daily, ny(2026, 3, 1, 9)).user).toBe('ann');
    expect(whoIsOnCall(daily, ny(2026, 3, 2, 8, 59)).user).toBe('ann');
    expect(whoIsOnCall(daily, ny(2026, 3, 2, 9)).user).toBe('bob');
    expect(whoIsOnCall(daily, ny(2026, 3, 4, 12)).user).toBe('ann');
    expect(whoIsOnCall(daily, ny(2026, 2, 28, 12))).toEqual({ source: 'none' });
  });

  it('keeps the 09:00 handoff across the spring-forward DST change (a 23-hour shift)', () => {
    // 2026-03-08: clocks jump from 02:00 to 03:00 in New York. 09:00 EDT is 13:00 UTC, the day before 09:00 EST was 14:00 UTC.
    expect(ny(2026, 3, 8, 9)).toBe(Date.UTC(2026, 2, 8, 13));
    expect(ny(2026, 3, 7, 9)).toBe(Date.UTC(2026, 2, 7, 14));
    const before = whoIsOnCall(daily, Date.UTC(2026, 2, 8, 12, 59));
    const after = whoIsOnCall(daily, Date.UTC(2026, 2, 8, 13, 0));
    expect([before.user, after.user]).toEqual(['ann', 'bob']); // Mar 7 is shift 6 (ann), Mar 8 shift 7 (bob)
    expect(before.shiftEnd! - before.shiftStart!).toBe(23 * H);
    expect(after.shiftStart).toBe(Date.UTC(2026, 2, 8, 13));
  });

  it('keeps the handoff across the fall-back DST change (a 25-hour shift)', () => {
    const s: OnCallSchedule = { ...daily, layers: [{ ...daily.layers[0], start: '2026-10-30T09:00' }] };
    const sat = whoIsOnCall(s, ny(2026, 10, 31, 12));
    expect(sat.shiftEnd! - sat.shiftStart!).toBe(25 * H);
    expect(whoIsOnCall(s, Date.UTC(2026, 10, 1, 13, 59)).user).toBe('bob');
    expect(whoIsOnCall(s, Date.UTC(2026, 10, 1, 14, 0)).user).toBe('cat'); // 09:00 EST
  });

  it('weekly rotations in Europe/Berlin hand off on Monday 10:00 local across DST', () => {
    const weekly: OnCallSchedule = { id: 'w', timeZone: 'Europe/Berlin', layers: [{ name: 'w', participants: ['x', 'y'], rotation: { type: 'weekly' }, start: '2026-03-23T10:00' }] };
    // 2026-03-29 is the switch to CEST: the next Monday 10:00 is 08:00 UTC instead of 09:00 UTC.
    expect(whoIsOnCall(weekly, Date.UTC(2026, 2, 30, 7, 59)).user).toBe('x');
    expect(whoIsOnCall(weekly, Date.UTC(2026, 2, 30, 8, 0)).user).toBe('y');
  });

  it('custom rotations run on elapsed hours', () => {
    const s: OnCallSchedule = { id: 'c', timeZone: 'America/New_York', layers: [{ name: 'c', participants: ['p', 'q'], rotation: { type: 'custom', lengthHours: 12 }, start: '2026-03-07T20:00' }] };
    const start = ny(2026, 3, 7, 20);
    expect(whoIsOnCall(s, start + 11 * H).user).toBe('p');
    expect(whoIsOnCall(s, start + 12 * H).user).toBe('q');
    // Elapsed hours, not wall clock: across spring-forward the second handoff is at 09:00 local, not 08:00.
    expect(whoIsOnCall(s, start + 12 * H).shiftStart).toBe(ny(2026, 3, 8, 9));
  });

  it('higher layers with restrictions cover their hours, overrides beat everything', () => {
    const s: OnCallSchedule = {
      id: 'l',
      timeZone: 'UTC',
      layers: [
        { name: 'base', participants: ['night'], rotation: { type: 'daily' }, start: '2026-01-01T00:00' },
        { name: 'business', participants: ['day1', 'day2'], rotation: { type: 'weekly' }, start: '2026-01-05T09:00', restriction: { weekdays: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '17:00' } },
      ],
      overrides: [{ user: 'cover', start: Date.UTC(2026, 0, 6, 12), end: Date.UTC(2026, 0, 6, 13) }],
    };
    expect(whoIsOnCall(s, Date.UTC(2026, 0, 6, 10))).toMatchObject({ user: 'day1', layer: 'business' });
    expect(whoIsOnCall(s, Date.UTC(2026, 0, 6, 18))).toMatchObject({ user: 'night', layer: 'base' });
    expect(whoIsOnCall(s, Date.UTC(2026, 0, 10, 10))).toMatchObject({ user: 'night' }); // Saturday
    expect(whoIsOnCall(s, Date.UTC(2026, 0, 13, 10))).toMatchObject({ user: 'day2' });
    expect(whoIsOnCall(s, Date.UTC(2026, 0, 6, 12, 30))).toMatchObject({ user: 'cover', source: 'override' });
  });
});
