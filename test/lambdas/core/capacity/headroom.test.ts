import type { ForecastPoint, ForecastResult } from '../../../../lambdas/core/capacity/forecast';
import { forecast } from '../../../../lambdas/core/capacity/forecast';
import { headroomSummary } from '../../../../lambdas/core/capacity/headroom-summary';
import { timeToExhaustion } from '../../../../lambdas/core/capacity/time-to-exhaustion';

const DAY = 86_400_000;
const point = (t: number, v: number, spread: number): ForecastPoint => ({
  timestamp: t,
  value: v,
  lower80: v - spread * 0.65,
  upper80: v + spread * 0.65,
  lower95: v - spread,
  upper95: v + spread,
});

describe('timeToExhaustion', () => {
  // Usage growing by 10 a day from 50, with a 95% band of ±15.
  const points = Array.from({ length: 10 }, (_, i) => point((i + 1) * DAY, 50 + 10 * (i + 1), 15));

  it('finds the expected, earliest and latest times a ceiling is reached', () => {
    expect(timeToExhaustion(points, 100)).toEqual({ at: 5 * DAY, earliest: 4 * DAY, latest: 7 * DAY });
  });

  it('reports undefined when the ceiling is not reached within the horizon', () => {
    expect(timeToExhaustion(points, 1000)).toEqual({ at: undefined, earliest: undefined, latest: undefined });
  });

  it('handles a falling resource towards a floor', () => {
    const falling = Array.from({ length: 10 }, (_, i) => point((i + 1) * DAY, 100 - 10 * (i + 1), 5));
    expect(timeToExhaustion(falling, 40, 'down')).toEqual({ at: 6 * DAY, earliest: 6 * DAY, latest: 7 * DAY });
  });
});

describe('headroomSummary', () => {
  it('summarises a disk filling up linearly', () => {
    const history = Array.from({ length: 24 * 30 }, (_, i) => ({ timestamp: i * 3_600_000, value: 200 + (i / 24) * 5 }));
    const result: ForecastResult = forecast(history, { horizon: 24 * 20 });
    const s = headroomSummary(history, result, 400);
    expect(s.trend).toBe('rising');
    expect(s.trendPerDay).toBeCloseTo(5, 3);
    expect(s.current).toBeCloseTo(200 + (719 / 24) * 5, 6);
    expect(s.headroom).toBeCloseTo(400 - s.current, 9);
    expect(s.headroomRatio).toBeCloseTo(s.headroom / 400, 9);
    // 400 is reached about 40 days after the start, i.e. ~10 days after the history ends.
    expect(s.exhaustion.at).toBeDefined();
    expect(Math.abs(s.exhaustion.at! - 40 * DAY)).toBeLessThan(DAY / 2);
    expect(s.peak!.value).toBeGreaterThan(s.current);
    expect(s.model).toBe(result.model);
  });

  it('calls a steady series flat', () => {
    const history = Array.from({ length: 500 }, (_, i) => ({ timestamp: i * 3_600_000, value: 50 + (i % 2) }));
    const s = headroomSummary(history, forecast(history, { horizon: 48 }), 100);
    expect(s.trend).toBe('flat');
    expect(s.exhaustion.at).toBeUndefined();
  });
});
