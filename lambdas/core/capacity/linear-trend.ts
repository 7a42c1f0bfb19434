import type { FittedModel, ForecastModel } from './forecast-model';

// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { max } = Math;

/**
 * Least-squares linear trend plus, when there is a season, the mean deviation from the trend
 * at each phase (a fixed additive seasonal profile). Suits steady growth with a stable pattern.
 */
export const LinearTrend: ForecastModel = {
  name: 'linear-trend',
  fit(values: readonly number[], period: number): FittedModel | undefined {
    const n = values.length;
    if (n < max(3, 2 * period)) return undefined;
    const { slope, intercept } = leastSquares(values);
    const p = max(1, period);
    const profile = new Array<number>(p).fill(0);
    const counts = new Array<number>(p).fill(0);
    if (period > 1) {
      for (let i = 0; i < n; i++) {
        profile[i % p] += values[i] - (intercept + slope * i);
        counts[i % p]++;
      }
      for (let k = 0; k < p; k++) profile[k] = counts[k] ? profile[k] / counts[k] : 0;
    }
    return { forecast: (h) => Array.from({ length: h }, (_, i) => intercept + slope * (n + i) + profile[(n + i) % p]) };
  },
};

/** Ordinary least squares of the values against their index. */
export function leastSquares(values: readonly number[]): { slope: number; intercept: number } {
  const n = values.length;
  const mx = (n - 1) / 2;
  let my = 0;
  for (const v of values) my += v;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - mx) * (values[i] - my);
    sxx += (i - mx) * (i - mx);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { slope, intercept: my - slope * mx };
}
