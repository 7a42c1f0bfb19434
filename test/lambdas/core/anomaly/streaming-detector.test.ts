import { anomalyWindows } from '../../../../lambdas/core/anomaly/anomaly-windows';
import { StreamingDetector } from '../../../../lambdas/core/anomaly/streaming-detector';
import { normalDraw as normal, seededRandom as rng } from './seeded-random';


const STEP = 300_000; // 5 minutes, so a day is 288 points
function daily(n: number, seed: number, edit: (i: number, v: number) => number = (_, v) => v): { t: number; v: number }[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => ({ t: i * STEP, v: edit(i, 50 + 20 * Math.sin((2 * Math.PI * i) / 288) + normal(r)) }));
}
function run(points: { t: number; v: number }[], warmup = 600) {
  const d = new StreamingDetector({ warmup });
  return { detector: d, scores: points.map((p) => d.update(p.t, p.v)) };
}

describe('StreamingDetector', () => {
  it('finds the daily season and stays quiet on clean seasonal noise', () => {
    const { detector, scores } = run(daily(3000, 1));
    expect(detector.seasonPeriod).toBe(288);
    expect(scores.every((s) => s.score >= 0 && s.score <= 1)).toBe(true);
    expect(anomalyWindows(scores)).toEqual([]);
  });

  it('reports a spike once, at the spike', () => {
    const { scores } = run(daily(3000, 2, (i, v) => (i === 2000 ? v + 15 : v)));
    const windows = anomalyWindows(scores);
    expect(windows).toHaveLength(1);
    expect(windows[0].start).toBe(2000 * STEP);
    expect(windows[0].score).toBeGreaterThan(0.5);
  });

  it('reports a level shift at its start and then absorbs it', () => {
    const { scores } = run(daily(3500, 3, (i, v) => (i >= 2000 ? v + 12 : v)));
    const windows = anomalyWindows(scores);
    expect(windows.length).toBeGreaterThanOrEqual(1);
    expect(windows[0].start).toBeGreaterThanOrEqual(2000 * STEP);
    expect(windows[0].start).toBeLessThanOrEqual(2003 * STEP);
    expect(windows.length).toBeLessThanOrEqual(2);
  });

  it('catches a sustained shift too small for any single point through the shift statistic', () => {
    const { scores } = run(daily(3000, 6, (i, v) => (i >= 2000 && i < 2100 ? v + 3.5 : v)));
    expect(Math.max(...scores.slice(2000, 2100).map((s) => s.z / s.threshold))).toBeLessThan(1);
    const windows = anomalyWindows(scores);
    // One window where the level goes up, one where it comes back.
    expect(windows).toHaveLength(2);
    expect(windows[0].start).toBeGreaterThanOrEqual(2000 * STEP);
    expect(windows[0].start).toBeLessThan(2012 * STEP);
    expect(windows[1].start).toBeGreaterThanOrEqual(2100 * STEP);
    expect(windows[1].start).toBeLessThan(2112 * STEP);
    const plain = new StreamingDetector({ warmup: 600, shiftWindow: 0 });
    const noShift = daily(3000, 6, (i, v) => (i >= 2000 && i < 2100 ? v + 3.5 : v)).map((p) => plain.update(p.t, p.v));
    expect(anomalyWindows(noShift)).toEqual([]);
  });

  it('never alerts during the warm-up', () => {
    const { scores } = run(daily(1000, 4, (i, v) => (i === 100 ? v + 100 : v)));
    expect(scores.slice(0, 600).every((s) => s.score === 0)).toBe(true);
  });

  it('resumes from its serialised state with identical scores', () => {
    const points = daily(2600, 5, (i, v) => (i === 2300 ? v - 20 : v));
    const whole = run(points).scores;
    const first = new StreamingDetector({ warmup: 600 });
    points.slice(0, 1700).forEach((p) => first.update(p.t, p.v));
    const restored = StreamingDetector.fromState(JSON.parse(JSON.stringify(first.toState())));
    const rest = points.slice(1700).map((p) => restored.update(p.t, p.v));
    expect(rest.map((s) => s.score)).toEqual(whole.slice(1700).map((s) => s.score));
    expect(JSON.stringify(first.toState()).length).toBeLessThan(200_000);
  });

  it('ignores non-finite values', () => {
    const d = new StreamingDetector({ warmup: 0 });
    expect(d.update(0, NaN).score).toBe(0);
  });
});

describe('anomalyWindows', () => {
  it('groups a burst into one window and starts a new one after the cooldown', () => {
    const pts = Array.from({ length: 200 }, (_, i) => ({ timestamp: i, score: [10, 12, 15, 150].includes(i) ? 0.9 : 0.1 }));
    expect(anomalyWindows(pts, { cooldown: 60 })).toEqual([
      { start: 10, end: 15, score: 0.9 },
      { start: 150, end: 150, score: 0.9 },
    ]);
  });
});
