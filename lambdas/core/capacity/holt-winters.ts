import type { FittedModel, ForecastModel } from './forecast-model';

// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { min } = Math;
const isFiniteNumber = Number.isFinite;

/** Which components a Holt-Winters (ETS) variant has. */
export interface HoltWintersVariant {
  readonly trend: 'none' | 'additive' | 'damped';
  readonly season: 'none' | 'additive' | 'multiplicative';
}

/** Smoothing parameters: level, trend, season and damping. */
export interface HoltWintersParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly phi: number;
}

const ALPHAS = [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9];
const BETAS = [0.005, 0.02, 0.05, 0.15];
const GAMMAS = [0.01, 0.05, 0.1, 0.2, 0.4];
const PHIS = [0.9, 0.97, 0.995];

/**
 * Holt-Winters exponential smoothing (the ETS family with additive errors): level, optional
 * additive or damped trend, optional additive or multiplicative season. Parameters are chosen
 * by coordinate descent over parameter grids, minimising the in-sample one-step squared error.
 */
export class HoltWinters implements ForecastModel {
  readonly name: string;

  /** A model of the given variant. */
  constructor(readonly variant: HoltWintersVariant) {
    this.name = `holt-winters-${variant.trend}-trend-${variant.season}-season`;
  }

  /** Fits the smoothing parameters; undefined when the variant does not apply to the data. */
  fit(values: readonly number[], period: number): FittedModel | undefined {
    const seasonal = this.variant.season !== 'none';
    if (seasonal && (period < 2 || values.length < 2 * period + 2)) return undefined;
    if (!seasonal && values.length < 4) return undefined;
    if (this.variant.season === 'multiplicative' && values.some((v) => !(v > 0))) return undefined;
    const p = seasonal ? period : 1;
    const betas = this.variant.trend === 'none' ? [0] : BETAS;
    const gammas = seasonal ? GAMMAS : [0];
    const phis = this.variant.trend === 'damped' ? PHIS : [1];
    // Coordinate descent over the grids (two sweeps) instead of the full product: about 40
    // passes over the data rather than 480, with nearly the same optimum on smooth error surfaces.
    const grids = [ALPHAS, betas, gammas, phis];
    const pick = [3, min(1, betas.length - 1), min(1, gammas.length - 1), phis.length - 1];
    const at = (c: number[]): HoltWintersParams => ({ alpha: grids[0][c[0]], beta: grids[1][c[1]], gamma: grids[2][c[2]], phi: grids[3][c[3]] });
    let bestSse = this.run(values, p, at(pick)).sse;
    for (let sweep = 0; sweep < 2; sweep++)
      for (let d = 0; d < 4; d++)
        for (let i = 0; i < grids[d].length; i++) {
          if (i === pick[d]) continue;
          const trial = [...pick];
          trial[d] = i;
          const sse = this.run(values, p, at(trial)).sse;
          if (sse < bestSse) {
            bestSse = sse;
            pick[d] = i;
          }
        }
    const best = isFiniteNumber(bestSse) ? { sse: bestSse, params: at(pick) } : undefined;
    if (!best) return undefined;
    const state = this.run(values, p, best.params);
    const params = best.params;
    return {
      forecast: (h) => {
        const out: number[] = [];
        let damp = 0;
        for (let i = 1; i <= h; i++) {
          damp += params.phi ** i;
          const trend = this.variant.trend === 'none' ? 0 : damp * state.trend;
          const s = state.season[(values.length + i - 1) % p];
          out.push(this.variant.season === 'multiplicative' ? (state.level + trend) * s : state.level + trend + (seasonal ? s : 0));
        }
        return out;
      },
    };
  }

  /** One pass of the smoothing recursions: the one-step squared error and the final state. */
  private run(values: readonly number[], p: number, { alpha, beta, gamma, phi }: HoltWintersParams): { sse: number; level: number; trend: number; season: number[] } {
    const mult = this.variant.season === 'multiplicative';
    const seasonal = this.variant.season !== 'none';
    const hasTrend = this.variant.trend !== 'none';
    // Initial state from the first two seasons: their means give level and slope, the first season the pattern.
    const m1 = meanOf(values, 0, p);
    const m2 = meanOf(values, p, 2 * p);
    let trend = hasTrend ? (m2 - m1) / p : 0;
    // The state is the one just before the first value: m1 is the level mid-way through the first season.
    let level = m1 - (trend * (p + 1)) / 2;
    const season = new Array<number>(p);
    for (let k = 0; k < p; k++) {
      const lineAtK = m1 + trend * (k - (p - 1) / 2);
      season[k] = !seasonal ? 0 : mult ? values[k] / lineAtK : values[k] - lineAtK;
    }
    let sse = 0;
    for (let t = 0; t < values.length; t++) {
      const y = values[t];
      const k = t % p;
      const s = season[k];
      const base = level + phi * trend;
      const yhat = mult ? base * s : base + s;
      const err = y - yhat;
      if (t >= p) sse += err * err;
      const newLevel = mult ? alpha * (y / s) + (1 - alpha) * base : alpha * (y - s) + (1 - alpha) * base;
      if (hasTrend) trend = beta * (newLevel - level) + (1 - beta) * phi * trend;
      if (seasonal) season[k] = mult ? gamma * (y / newLevel) + (1 - gamma) * s : gamma * (y - newLevel) + (1 - gamma) * s;
      level = newLevel;
      if (!isFiniteNumber(level)) return { sse: Infinity, level, trend, season };
    }
    return { sse, level, trend, season };
  }
}

function meanOf(values: readonly number[], from: number, to: number): number {
  let s = 0;
  let n = 0;
  for (let i = from; i < min(to, values.length); i++, n++) s += values[i];
  return n ? s / n : values[0];
}
