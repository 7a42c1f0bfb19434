// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { abs, exp, min, sign, sqrt } = Math;

/** Result of a Mann-Whitney U test. */
export interface MannWhitneyResult {
  /** U statistic of the second sample (how often its values exceed the first's, ties counting half). */
  readonly u: number;
  /** Normal-approximation z-score, tie-corrected and continuity-corrected; positive when the second sample is larger. */
  readonly z: number;
  /** One-sided p-value for "the second sample tends to be larger". */
  readonly pGreater: number;
  /** Two-sided p-value. */
  readonly pTwoSided: number;
}

/**
 * Mann-Whitney U (Wilcoxon rank-sum) test of `b` against `a` with the normal approximation,
 * suitable for the sample sizes of latency windows (tens or more per side).
 */
export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: NaN, z: NaN, pGreater: NaN, pTwoSided: NaN };
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  let rankSumB = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].v === all[i].v) j++;
    const rank = (i + j) / 2 + 1;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    for (let k = i; k <= j; k++) if (all[k].g === 1) rankSumB += rank;
    i = j + 1;
  }
  const n = n1 + n2;
  const u = rankSumB - (n2 * (n2 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const sigma = sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (!(sigma > 0)) return { u, z: 0, pGreater: 0.5, pTwoSided: 1 };
  const diff = u - mu;
  const z = (diff - 0.5 * sign(diff)) / sigma;
  return { u, z, pGreater: normalTail(z), pTwoSided: min(1, 2 * normalTail(abs(z))) };
}

/** P(Z > z) for a standard normal Z (Abramowitz-Stegun 7.1.26 erfc approximation, |error| < 1.5e-7). */
export function normalTail(z: number): number {
  const x = abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}
