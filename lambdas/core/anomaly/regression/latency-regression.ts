import { quantileInPlace, quantileSorted } from '../robust-stats';
import { mannWhitney } from './mann-whitney';

// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const isFiniteNumber = Number.isFinite;

/** The defaults of {@link LatencyRegressionOptions}, exported so a verdict can be reported with the thresholds it used. */
export const LATENCY_REGRESSION_DEFAULTS = { alpha: 0.01, minRelativeChange: 0.1, resamples: 500, minSamples: 20 } as const;

/** Settings of {@link latencyRegression}. */
export interface LatencyRegressionOptions {
  /** Significance level of each test. @default 0.01 */
  readonly alpha?: number;
  /** Smallest relative slowdown worth reporting (0.1 = 10%), for the median and for p95. @default 0.1 */
  readonly minRelativeChange?: number;
  /** Bootstrap resamples for the p95 ratio's confidence interval. @default 500 */
  readonly resamples?: number;
  /** Uniform random source in [0,1) for the bootstrap; a fixed-seed generator by default, so verdicts are reproducible. */
  readonly random?: () => number;
  /** Fewest samples per window for a verdict. @default 20 */
  readonly minSamples?: number;
}

/** The verdict on a deployment's latencies. */
export interface LatencyRegression {
  readonly regressed: boolean;
  /** Why it was (or could not be) judged a regression, for the alert text. */
  readonly reasons: readonly string[];
  readonly baselineP50: number;
  readonly afterP50: number;
  readonly baselineP95: number;
  readonly afterP95: number;
  /** afterP95 / baselineP95 with its bootstrap confidence interval at 1 - 2*alpha (a one-sided test at alpha per side). */
  readonly p95Ratio: number;
  readonly p95RatioInterval: readonly [number, number];
  /** One-sided Mann-Whitney p-value for "latencies after are larger". */
  readonly mannWhitneyP: number;
}

/**
 * Compares the latencies observed after a deployment with a baseline window. A regression is
 * either a general shift (Mann-Whitney U significant at `alpha` and the median slower by at
 * least `minRelativeChange`) or a tail slowdown (the bootstrap interval of the p95 ratio lies
 * entirely above 1 and the p95 is slower by at least `minRelativeChange`).
 */
export function latencyRegression(baseline: readonly number[], after: readonly number[], options: LatencyRegressionOptions = {}): LatencyRegression {
  const alpha = options.alpha ?? LATENCY_REGRESSION_DEFAULTS.alpha;
  const minChange = options.minRelativeChange ?? LATENCY_REGRESSION_DEFAULTS.minRelativeChange;
  const resamples = options.resamples ?? LATENCY_REGRESSION_DEFAULTS.resamples;
  const random = options.random ?? seeded(0x5eed);
  const a = Float64Array.from(baseline.filter(isFiniteNumber)).sort();
  const b = Float64Array.from(after.filter(isFiniteNumber)).sort();
  const base = {
    baselineP50: quantileSorted(a, 0.5),
    afterP50: quantileSorted(b, 0.5),
    baselineP95: quantileSorted(a, 0.95),
    afterP95: quantileSorted(b, 0.95),
  };
  const p95Ratio = base.afterP95 / base.baselineP95;
  const minSamples = options.minSamples ?? LATENCY_REGRESSION_DEFAULTS.minSamples;
  if (a.length < minSamples || b.length < minSamples) {
    return { ...base, regressed: false, reasons: ['too few samples for a verdict'], p95Ratio, p95RatioInterval: [NaN, NaN], mannWhitneyP: NaN };
  }
  const mw = mannWhitney(Array.from(a), Array.from(b));
  const ratios = new Float64Array(resamples);
  const ra = new Float64Array(a.length);
  const rb = new Float64Array(b.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < a.length; i++) ra[i] = a[(random() * a.length) | 0];
    for (let i = 0; i < b.length; i++) rb[i] = b[(random() * b.length) | 0];
    ratios[r] = quantileInPlace(rb, 0.95) / quantileInPlace(ra, 0.95);
  }
  ratios.sort();
  const interval: [number, number] = [quantileSorted(ratios, alpha), quantileSorted(ratios, 1 - alpha)];
  const reasons: string[] = [];
  const medianRatio = base.afterP50 / base.baselineP50;
  if (mw.pGreater < alpha && medianRatio >= 1 + minChange) {
    reasons.push(`latencies shifted up (Mann-Whitney p=${mw.pGreater.toExponential(2)}, median x${medianRatio.toFixed(2)})`);
  }
  if (interval[0] > 1 && p95Ratio >= 1 + minChange) {
    reasons.push(`p95 slower x${p95Ratio.toFixed(2)} (interval ${interval[0].toFixed(2)}..${interval[1].toFixed(2)})`);
  }
  return { ...base, regressed: reasons.length > 0, reasons, p95Ratio, p95RatioInterval: interval, mannWhitneyP: mw.pGreater };
}

// xorshift32: a tiny deterministic generator, so the same inputs always get the same verdict.
// It avoids Math.* calls on purpose: the bootstrap draws hundreds of thousands of numbers.
function seeded(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}
