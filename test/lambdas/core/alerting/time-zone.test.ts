import { wallClockMs, zonedParts, zonedTimeToUtc } from '../../../../lambdas/core/alerting/time-zone';

describe('time zones', () => {
  it('reads wall-clock fields through Intl', () => {
    expect(zonedParts(Date.UTC(2026, 0, 5, 23, 30), 'Asia/Tokyo')).toEqual({ year: 2026, month: 1, day: 6, hour: 8, minute: 30, second: 0, weekday: 2 });
    expect(wallClockMs(Date.UTC(2026, 6, 1, 12), 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 1, 14));
  });

  it('maps local times to instants, including DST gaps and repeated hours', () => {
    expect(zonedTimeToUtc({ year: 2026, month: 6, day: 1, hour: 9 }, 'Asia/Kolkata')).toBe(Date.UTC(2026, 5, 1, 3, 30));
    // 02:30 does not exist on 2026-03-08 in New York: the instant after the jump (03:30 EDT).
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 7, 30));
    // 01:30 happens twice on 2026-11-01: the first one (EDT).
    expect(zonedTimeToUtc({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York')).toBe(Date.UTC(2026, 10, 1, 5, 30));
    expect(zonedTimeToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });
});
