import { mad, median } from '../anomaly/robust-stats';

// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { floor, max, min, round } = Math;
const isFiniteNumber = Number.isFinite;

/** Seasonality detection by autocorrelation. */

/** The detected season: its length in points and the autocorrelation at that lag. */
export interface Season {
  readonly period: number;
  readonly acf: number;
}

/** Options of {@link detectSeasonality}. */
export interface SeasonalityOptions {
  /** Candidate periods in points (e.g. daily and weekly for the sampling interval); when absent every lag is scanned. */
  readonly candidates?: readonly number[];
  /** Minimum autocorrelation for a season to count. @default 0.3 */
  readonly minAcf?: number;
  /** Minimum number of whole periods the data must cover. @default 2 */
  readonly minCycles?: number;
  /** Clip values to the median plus or minus 5 MADs first, so spikes do not swamp the correlation. @default false */
  readonly robust?: boolean;
}

/** Sample autocorrelation of `values` at `lag` (NaN when the lag leaves nothing to compare). */
export function autocorrelation(values: ArrayLike<number>, lag: number, mean?: number): number {
  const n = values.length;
  if (lag <= 0 || lag >= n) return NaN;
  let m = mean;
  if (m === undefined) {
    m = 0;
    for (let i = 0; i < n; i++) m += values[i];
    m /= n;
  }
  let den = 0;
  for (let i = 0; i < n; i++) den += (values[i] - m) * (values[i] - m);
  if (den === 0) return NaN;
  let num = 0;
  for (let i = lag; i < n; i++) num += (values[i] - m) * (values[i - lag] - m);
  return num / den;
}

/**
 * The strongest season in `values`: among the candidates (or, without candidates, the local
 * maxima of the autocorrelation function) the one with the highest autocorrelation, provided
 * it reaches `minAcf` and the data covers `minCycles` periods. Undefined when there is none.
 */
export function detectSeasonality(input: ArrayLike<number>, options: SeasonalityOptions = {}): Season | undefined {
  const values = options.robust ? clipped(Array.from(input)) : input;
  const minAcf = options.minAcf ?? 0.3;
  const minCycles = options.minCycles ?? 2;
  const n = values.length;
  const maxLag = floor(n / minCycles);
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i];
  m /= n;
  let best: Season | undefined;
  const consider = (period: number, acf: number): void => {
    if (isFiniteNumber(acf) && acf >= minAcf && (!best || acf > best.acf)) best = { period, acf };
  };
  if (options.candidates) {
    // Corrected for the n/(n-lag) shrinkage of long lags, so a weekly season (which contains the
    // daily one) wins over the daily candidate when it is really there; ties go to the shorter.
    let chosen: Season | undefined;
    for (const p of [...options.candidates].sort((a, b) => a - b)) {
      const period = round(p);
      if (period < 2 || period > maxLag) continue;
      const acf = min(1, (autocorrelation(values, period, m) * n) / (n - period));
      if (isFiniteNumber(acf) && acf >= minAcf && (!chosen || acf > chosen.acf + 0.02)) chosen = { period, acf };
    }
    return chosen;
  }
  const acf: number[] = [];
  for (let lag = 0; lag <= min(maxLag + 1, n - 1); lag++) acf.push(lag === 0 ? 1 : autocorrelation(values, lag, m));
  // Only peaks after the first dip count: a slowly varying series is correlated at every short lag.
  let dipped = false;
  for (let lag = 2; lag < acf.length - 1 && lag <= maxLag; lag++) {
    if (acf[lag] < 0.1) dipped = true;
    if (dipped && acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1]) consider(lag, acf[lag]);
  }
  return best;
}

function clipped(values: number[]): number[] {
  const m = median(values);
  const spread = 5 * max(mad(values), 1e-12);
  return values.map((v) => min(m + spread, max(m - spread, v)));
}
