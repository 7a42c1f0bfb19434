import { forecast } from '../../../../lambdas/core/capacity/forecast';
import { HoltWinters } from '../../../../lambdas/core/capacity/holt-winters';
import { LinearTrend } from '../../../../lambdas/core/capacity/linear-trend';
import { detectSeasonality } from '../../../../lambdas/core/capacity/seasonality';
import { smape } from '../../../../lambdas/core/capacity/smape';
import { normalDraw, seededRandom } from '../anomaly/seeded-random';

const HOUR = 3_600_000;

/** Hourly series: trend + daily + weekly (weekday/weekend) seasonality + Gaussian noise. */
function synthetic(seed: number, days: number, noise = 4): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: days * 24 }, (_, i) => {
    const weekend = Math.floor(i / 24) % 7 >= 5;
    return 100 + 0.02 * i + 15 * Math.sin((2 * Math.PI * i) / 24) + (weekend ? -8 : 3) + noise * normalDraw(r);
  });
}
const asSamples = (values: number[]) => values.map((value, i) => ({ timestamp: i * HOUR, value }));

describe('capacity forecast on synthetic hourly data (120 days of history, 30 days ahead)', () => {
  const runs = [11, 12, 13].map((seed) => {
    const all = synthetic(seed, 150);
    const history = all.slice(0, 120 * 24);
    const actual = all.slice(120 * 24);
    return { seed, actual, result: forecast(asSamples(history), { horizon: 30 * 24 }) };
  });

  it('keeps sMAPE under 10% and beats seasonal naive', () => {
    for (const { actual, result } of runs) {
      expect(result.points).toHaveLength(720);
      expect(result.period).toBe(168);
      expect(result.model).not.toBe('seasonal-naive');
      const err = smape(actual, result.points.map((p) => p.value));
      expect(err).toBeLessThan(10);
      expect(result.backtestSmape).toBeLessThan(10);
      expect(result.candidates.find((c) => c.model === 'seasonal-naive')!.smape).toBeGreaterThan(result.backtestSmape);
    }
  });

  it('gives 95% and 80% bands with roughly the right coverage', () => {
    for (const { actual, result } of runs) {
      const inside = (lo: 'lower95' | 'lower80', hi: 'upper95' | 'upper80') =>
        actual.filter((v, i) => v >= result.points[i][lo] && v <= result.points[i][hi]).length / actual.length;
      const c95 = inside('lower95', 'upper95');
      const c80 = inside('lower80', 'upper80');
      expect(c95).toBeGreaterThanOrEqual(0.85);
      expect(c95).toBeLessThanOrEqual(1);
      expect(c80).toBeGreaterThanOrEqual(0.65);
      expect(c80).toBeLessThan(c95 + 1e-9);
      for (const p of result.points) {
        expect(p.lower95).toBeLessThanOrEqual(p.lower80);
        expect(p.lower80).toBeLessThanOrEqual(p.value);
        expect(p.upper80).toBeLessThanOrEqual(p.upper95);
      }
    }
  });

  it('stamps forecast points one interval apart after the history', () => {
    const { result } = runs[0];
    expect(result.intervalMs).toBe(HOUR);
    expect(result.points[0].timestamp).toBe(120 * 24 * HOUR);
    expect(result.points[719].timestamp).toBe((120 * 24 + 719) * HOUR);
  });
});

describe('forecast building blocks', () => {
  it('detects daily and weekly seasons by autocorrelation, and none in noise', () => {
    const r = seededRandom(3);
    const dailyOnly = Array.from({ length: 24 * 20 }, (_, i) => Math.sin((2 * Math.PI * i) / 24) + 0.3 * normalDraw(r));
    expect(detectSeasonality(dailyOnly, { candidates: [24, 168] })?.period).toBe(24);
    expect(detectSeasonality(dailyOnly)?.period).toBe(24);
    const weekly = synthetic(4, 40).map((v, i) => v - 0.02 * i);
    expect(detectSeasonality(weekly, { candidates: [24, 168] })?.period).toBe(168);
    const noise = Array.from({ length: 2000 }, () => normalDraw(r));
    expect(detectSeasonality(noise, { candidates: [24, 168] })).toBeUndefined();
  });

  it('fits multiplicative seasonality better with the multiplicative model', () => {
    const r = seededRandom(5);
    // A daily swing proportional to a growing level.
    const values = Array.from({ length: 24 * 60 }, (_, i) => (50 + 0.1 * i) * (1 + 0.5 * Math.sin((2 * Math.PI * i) / 24)) * (1 + 0.02 * normalDraw(r)));
    const train = values.slice(0, 24 * 50);
    const test = values.slice(24 * 50);
    const mult = new HoltWinters({ trend: 'additive', season: 'multiplicative' }).fit(train, 24)!.forecast(240);
    const add = new HoltWinters({ trend: 'additive', season: 'additive' }).fit(train, 24)!.forecast(240);
    expect(smape(test, mult)).toBeLessThan(smape(test, add));
    expect(smape(test, mult)).toBeLessThan(5);
    expect(new HoltWinters({ trend: 'damped', season: 'multiplicative' }).fit([1, 0, 2, 3, 1, 0, 2, 3, 1, 0], 4)).toBeUndefined();
  });

  it('damps the trend of a damped model and extends a linear one', () => {
    const line = Array.from({ length: 200 }, (_, i) => 10 + 2 * i);
    const linear = LinearTrend.fit(line, 0)!.forecast(10);
    expect(linear[9]).toBeCloseTo(10 + 2 * 209, 6);
    const damped = new HoltWinters({ trend: 'damped', season: 'none' }).fit(line, 0)!.forecast(400);
    const undamped = new HoltWinters({ trend: 'additive', season: 'none' }).fit(line, 0)!.forecast(400);
    expect(undamped[399]).toBeCloseTo(10 + 2 * 599, 0);
    expect(damped[399]).toBeLessThan(undamped[399]);
    expect(damped[399] - damped[398]).toBeLessThan(2);
  });

  it('computes sMAPE', () => {
    expect(smape([100, 100], [100, 100])).toBe(0);
    expect(smape([100], [50])).toBeCloseTo(66.667, 2);
    expect(smape([0], [0])).toBe(0);
    expect(smape([1], [0])).toBe(200);
  });

  it('rejects too little data', () => {
    expect(() => forecast([{ timestamp: 0, value: 1 }], { horizon: 3 })).toThrow(RangeError);
  });
});

describe('forecast edge cases', () => {
  const hourly = (values: number[]) => values.map((value, i) => ({ timestamp: i * HOUR, value }));

  it('forecasts a constant series as constant with zero-width bands', () => {
    const r = forecast(hourly(new Array(200).fill(5)), { horizon: 6 });
    expect(r.points.map((p) => p.value)).toEqual(new Array(6).fill(5));
    expect(r.points.every((p) => p.lower95 === 5 && p.upper95 === 5)).toBe(true);
  });

  it('skips non-finite samples and still answers for a history too short to backtest', () => {
    const r = forecast(hourly([1, NaN, 3, 4, 5]), { horizon: 2 });
    expect(r.points).toHaveLength(2);
    expect(Number.isNaN(r.backtestSmape)).toBe(true);
    expect(r.points[1].upper95).toBeGreaterThan(r.points[1].value);
  });
});
