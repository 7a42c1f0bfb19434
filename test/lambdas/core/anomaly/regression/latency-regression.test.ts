import { latencyRegression } from '../../../../../lambdas/core/anomaly/regression/latency-regression';
import { mannWhitney, normalTail } from '../../../../../lambdas/core/anomaly/regression/mann-whitney';
import { normalDraw, seededRandom } from '../seeded-random';

/** Log-normal latencies in ms (median 120 ms, a long right tail), from a seeded generator. */
function latencies(seed: number, n: number, scale = 1): number[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, () => scale * 120 * Math.exp(0.5 * normalDraw(r)));
}

describe('mannWhitney', () => {
  it('matches a hand-computed U and is symmetric', () => {
    // b = [4,5,6] beats every value of a = [1,2,3]: U = 9.
    const res = mannWhitney([1, 2, 3], [4, 5, 6]);
    expect(res.u).toBe(9);
    expect(res.z).toBeGreaterThan(0);
    expect(mannWhitney([4, 5, 6], [1, 2, 3]).u).toBe(0);
    expect(mannWhitney([1, 2, 2, 3], [2, 2, 2]).u).toBe(6);
    expect(normalTail(0)).toBeCloseTo(0.5, 7);
    expect(normalTail(1.96)).toBeCloseTo(0.025, 4);
    expect(normalTail(-1.6449)).toBeCloseTo(0.95, 4);
  });
});

describe('latencyRegression', () => {
  it('flags a 20% slowdown of every request (p95 up 20%)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const v = latencyRegression(latencies(seed, 600), latencies(seed + 100, 600, 1.2));
      expect(v.regressed).toBe(true);
      expect(v.p95Ratio).toBeGreaterThan(1.1);
      expect(v.mannWhitneyP).toBeLessThan(0.01);
    }
  });

  it('flags a tail-only slowdown that raises p95 by 20% while the median stays', () => {
    for (const seed of [6, 7, 8]) {
      const baseline = latencies(seed, 1000);
      const cut = [...baseline].sort((x, y) => x - y)[Math.floor(0.8 * baseline.length)];
      // The slowest 20% of requests get 1.35x slower: median unchanged, p95 about +20% and more.
      const after = latencies(seed + 200, 1000).map((v) => (v > cut ? v * 1.35 : v));
      const v = latencyRegression(baseline, after);
      expect(v.afterP50 / v.baselineP50).toBeLessThan(1.1);
      expect(v.p95Ratio).toBeGreaterThan(1.2);
      expect(v.regressed).toBe(true);
      expect(v.reasons.join(' ')).toContain('p95');
    }
  });

  it('stays silent on pure noise across many seeds', () => {
    for (let seed = 1000; seed < 1040; seed++) {
      const v = latencyRegression(latencies(seed, 500), latencies(seed + 5000, 500));
      expect(v.regressed).toBe(false);
    }
  });

  it('stays silent on a speed-up and on too few samples', () => {
    expect(latencyRegression(latencies(9, 500), latencies(10, 500, 0.7)).regressed).toBe(false);
    const tiny = latencyRegression(latencies(11, 5), latencies(12, 5, 3));
    expect(tiny.regressed).toBe(false);
    expect(tiny.reasons[0]).toMatch(/too few/);
  });

  it('gives the same verdict for the same input', () => {
    const a = latencies(13, 300);
    const b = latencies(14, 300, 1.15);
    expect(latencyRegression(a, b)).toEqual(latencyRegression(a, b));
  });
});
