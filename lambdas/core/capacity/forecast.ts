import type { Sample } from '../domain/series';
import type { ForecastModel } from './forecast-model';
import { HoltWinters } from './holt-winters';
import { LinearTrend, leastSquares } from './linear-trend';
import { SeasonalNaive } from './seasonal-naive';
import { detectSeasonality } from './seasonality';
import { outlierFilter } from './outlier-filter';
import { smape } from './smape';

// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { floor, max, min, sqrt } = Math;
const isFiniteNumber = Number.isFinite;

/** One forecast point, as the API reports it (timestamps in ms). */
export interface ForecastPoint {
  readonly timestamp: number;
  readonly value: number;
  readonly lower80: number;
  readonly upper80: number;
  readonly lower95: number;
  readonly upper95: number;
}

/** The forecast, the model that made it and how well that model did in the backtest. */
export interface ForecastResult {
  readonly model: string;
  /** Season in points (0 = none). */
  readonly period: number;
  /** Sampling interval in ms (median spacing of the history). */
  readonly intervalMs: number;
  /** Mean sMAPE (%) of the chosen model over the rolling-origin backtest; NaN when the history is too short to backtest. */
  readonly backtestSmape: number;
  /** Every candidate that could be fitted, with its backtest sMAPE. */
  readonly candidates: readonly { readonly model: string; readonly smape: number }[];
  readonly points: readonly ForecastPoint[];
}

/** Settings of {@link forecast}. */
export interface ForecastOptions {
  /** Steps (sampling intervals) to forecast. */
  readonly horizon: number;
  /** Season in points; detected by autocorrelation among daily and weekly candidates when absent. */
  readonly period?: number;
  /** Candidate models. @default seasonal naive, linear trend and five Holt-Winters variants */
  readonly models?: readonly ForecastModel[];
  /** Clip isolated spikes out of the history before fitting. @default true */
  readonly filterOutliers?: boolean;
  /** Number of rolling origins in the backtest. @default 3 */
  readonly origins?: number;
}

/** The default candidates: every model the capacity forecast may choose. */
export const DEFAULT_MODELS: readonly ForecastModel[] = [
  SeasonalNaive,
  LinearTrend,
  new HoltWinters({ trend: 'none', season: 'additive' }),
  new HoltWinters({ trend: 'additive', season: 'additive' }),
  new HoltWinters({ trend: 'damped', season: 'additive' }),
  new HoltWinters({ trend: 'damped', season: 'multiplicative' }),
  new HoltWinters({ trend: 'damped', season: 'none' }),
];

const DAY_MS = 86_400_000;
const Z80 = 1.2816;
const Z95 = 1.96;

/**
 * Forecasts a series: finds its season, backtests every candidate model from several rolling
 * origins (each forecasting as far ahead as asked, when the history allows), keeps the model
 * with the lowest mean sMAPE, refits it on the whole history and derives 80% and 95%
 * intervals from the backtest errors at each lead time.
 */
export function forecast(samples: readonly Sample[], options: ForecastOptions): ForecastResult {
  const clean = samples.filter((s) => isFiniteNumber(s.value) && isFiniteNumber(s.timestamp));
  if (clean.length < 4) throw new RangeError('forecast needs at least 4 finite samples');
  if (!(options.horizon >= 1)) throw new RangeError('horizon must be at least 1');
  const horizon = floor(options.horizon);
  const raw = clean.map((s) => s.value);
  // Models learn from the history without its isolated spikes; the backtest still scores them against the raw values.
  const values = options.filterOutliers === false ? raw : outlierFilter(raw);
  const intervalMs = medianSpacing(clean);
  const period = options.period ?? seasonOf(values, intervalMs);
  const n = values.length;
  // The backtest looks as far ahead as asked, but leaves at least half the history to train on.
  const lead = max(1, min(horizon, floor(n / 2)));
  const originCount = max(1, options.origins ?? 3);
  const step = max(1, floor(lead / originCount));
  const origins = Array.from({ length: originCount }, (_, k) => n - lead - k * step).filter((o) => o >= max(4, 2 * period + 2));

  const scored: { model: ForecastModel; smape: number; errors: number[][] }[] = [];
  for (const model of options.models ?? DEFAULT_MODELS) {
    const errors: number[][] = [];
    let total = 0;
    let ok = origins.length > 0;
    for (const o of origins) {
      const fitted = model.fit(values.slice(0, o), period);
      if (!fitted) {
        ok = false;
        break;
      }
      const predicted = fitted.forecast(lead);
      const actual = raw.slice(o, o + lead);
      total += smape(actual, predicted);
      errors.push(actual.map((a, j) => a - predicted[j]));
    }
    if (ok) scored.push({ model, smape: total / origins.length, errors });
  }
  const fallback = { model: SeasonalNaive, smape: NaN, errors: [] as number[][] };
  const best = scored.reduce((b, s) => (s.smape < b.smape ? s : b), scored[0] ?? fallback);
  const fitted = best.model.fit(values, period) ?? SeasonalNaive.fit(values, 0);
  if (!fitted) throw new RangeError('no model could be fitted');
  const predicted = fitted.forecast(horizon);
  const sigma = leadSigmas(best.errors, horizon, values);
  const last = clean[clean.length - 1].timestamp;
  const points = predicted.map((value, j) => ({
    timestamp: last + (j + 1) * intervalMs,
    value,
    lower80: value - Z80 * sigma[j],
    upper80: value + Z80 * sigma[j],
    lower95: value - Z95 * sigma[j],
    upper95: value + Z95 * sigma[j],
  }));
  return {
    model: best.model.name,
    period,
    intervalMs,
    backtestSmape: best.smape,
    candidates: scored.map((s) => ({ model: s.model.name, smape: s.smape })),
    points,
  };
}

/** The season by autocorrelation of the detrended values, among one day and one week of points. */
function seasonOf(values: readonly number[], intervalMs: number): number {
  if (!(intervalMs > 0)) return 0;
  const { slope, intercept } = leastSquares(values);
  const detrended = values.map((v, i) => v - (intercept + slope * i));
  const daily = DAY_MS / intervalMs;
  const season = detectSeasonality(detrended, { robust: true, candidates: [daily, 7 * daily].filter((p) => p >= 2), minAcf: 0.2 });
  return season?.period ?? 0;
}

/**
 * Standard deviation of the error at each lead time: the root mean square of backtest errors
 * at nearby leads (a window that widens with the lead), never shrinking as the lead grows,
 * and growing like the square root of the lead beyond what the backtest covered.
 */
function leadSigmas(errors: readonly number[][], horizon: number, values: readonly number[]): number[] {
  const covered = errors.length ? min(...errors.map((e) => e.length)) : 0;
  const out: number[] = [];
  if (covered === 0) {
    // No backtest: fall back on the spread of one-step changes, growing with the square root of the lead.
    let s = 0;
    for (let i = 1; i < values.length; i++) s += (values[i] - values[i - 1]) ** 2;
    const one = sqrt(s / max(1, values.length - 1));
    for (let j = 0; j < horizon; j++) out.push(one * sqrt(j + 1));
    return out;
  }
  let running = 0;
  for (let j = 0; j < min(horizon, covered); j++) {
    const w = max(2, floor(j / 4));
    let sum = 0;
    let count = 0;
    for (const e of errors)
      for (let k = max(0, j - w); k <= min(covered - 1, j + w); k++) {
        sum += e[k] * e[k];
        count++;
      }
    running = max(running, sqrt(sum / count));
    out.push(running);
  }
  for (let j = covered; j < horizon; j++) out.push(running * sqrt((j + 1) / covered));
  return out;
}

function medianSpacing(samples: readonly Sample[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < samples.length; i++) gaps.push(samples[i].timestamp - samples[i - 1].timestamp);
  gaps.sort((a, b) => a - b);
  return gaps.length ? gaps[floor(gaps.length / 2)] : 0;
}
