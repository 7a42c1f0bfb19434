import { PromqlEvalError } from './promql-error';
import { kahanInc, kahanMean, quantile } from './stats';

/** The samples of one series inside one window `(start, end]`: indexes [lo, hi) into ts/vs. */
export interface Window {
  readonly ts: Float64Array;
  readonly vs: Float64Array;
  readonly lo: number;
  readonly hi: number;
  /** Exclusive window start and inclusive end, ms. */
  readonly start: number;
  readonly end: number;
  /** The range length in ms (end - start). */
  readonly range: number;
  /** The evaluation time of the step, ms (before offset). */
  readonly evalTime: number;
  /**
   * resets[i] = number of counter resets (a value lower than its predecessor) among samples 1..i,
   * when precomputed: lets counter functions skip windows without resets in O(1).
   */
  readonly resets?: Uint32Array;
  /**
   * `anchored`/`smoothed` selectors: [lo, hi) also holds samples up to the lookback delta before
   * `start` (and, when smoothed, after `end`); only the extension-aware functions accept these.
   */
  readonly extension?: 'anchored' | 'smoothed';
}

/** Functions that accept `anchored` and `smoothed` range selectors. */
export const EXTENSION_SAFE: Readonly<Record<'anchored' | 'smoothed', readonly string[]>> = {
  anchored: ['changes', 'delta', 'increase', 'rate', 'resets'],
  smoothed: ['delta', 'increase', 'rate'],
};

function interpolate(t1: number, y1: number, t2: number, y2: number, t: number, isCounter: boolean): number {
  const from = isCounter && y2 < y1 ? 0 : y1;
  return from + ((y2 - from) * (t - t1)) / (t2 - t1);
}

/** rate/increase/delta over an anchored or smoothed window: exact boundary values instead of extrapolation. */
function extendedRate(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  const { ts, vs, lo, hi } = w;
  if (hi <= lo) return undefined;
  const smoothed = w.extension === 'smoothed';
  let last = hi - 1;
  // Index of the last sample at or before the range start (or the first sample).
  let first = lo;
  while (first < last && ts[first] <= w.start) first++;
  first = Math.max(lo, first - 1);
  if (smoothed) {
    let k = lo;
    while (k < hi - 1 && ts[k] < w.end) k++;
    last = k;
  }
  if (ts[last] <= w.start) return undefined;
  if (smoothed && ts[first] > w.end) return undefined;
  const left = smoothed && ts[first] < w.start ? interpolate(ts[first], vs[first], ts[first + 1], vs[first + 1], w.start, isCounter) : vs[first];
  const right = smoothed && last > lo && ts[last] > w.end ? interpolate(ts[last - 1], vs[last - 1], ts[last], vs[last], w.end, isCounter) : vs[last];
  let result = right - left;
  if (isCounter) {
    if (ts[first] <= w.start) first++;
    if (ts[last] >= w.end) last--;
    let prev = left;
    for (let i = first; i <= last; i++) {
      if (vs[i] < prev) result += prev;
      prev = vs[i];
    }
    if (right < prev) result += prev;
  }
  return isRate ? result / (w.range / 1000) : result;
}

/** For anchored resets/changes: start at the last sample at or before the range start; undefined when none is inside. */
function anchoredStart(w: Window): number | undefined {
  if (w.extension !== 'anchored') return w.lo;
  let k = w.lo;
  while (k < w.hi && w.ts[k] <= w.start) k++;
  if (k >= w.hi) return undefined;
  return Math.max(w.lo, k - 1);
}

/** Prefix counts of counter resets for a series, for Window.resets, written into `out` (reused across series). */
export function resetPrefix(vs: Float64Array, out: Uint32Array): Uint32Array {
  if (vs.length === 0) return out;
  out[0] = 0;
  for (let i = 1; i < vs.length; i++) out[i] = out[i - 1] + (vs[i] < vs[i - 1] ? 1 : 0);
  return out;
}

function resetsIn(w: Window): number | undefined {
  return w.resets ? w.resets[w.hi - 1] - w.resets[w.lo] : undefined;
}

/** A range-vector function: the value for one window, or undefined for no output; `args` are scalar arguments at this step. */
export type RangeFunction = (w: Window, args: readonly number[]) => number | undefined;

function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean): number | undefined {
  if (w.extension) return extendedRate(w, isCounter, isRate);
  const { ts, vs, lo, hi } = w;
  const n = hi - lo;
  if (n < 2) return undefined;
  const firstT = ts[lo];
  const lastT = ts[hi - 1];
  let result = vs[hi - 1] - vs[lo];
  if (isCounter && resetsIn(w) !== 0) {
    for (let i = lo + 1; i < hi; i++) if (vs[i] < vs[i - 1]) result += vs[i - 1];
  }
  let durationToStart = (firstT - w.start) / 1000;
  let durationToEnd = (w.end - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const avgBetween = sampledInterval / (n - 1);
  const threshold = avgBetween * 1.1;
  if (durationToStart >= threshold) durationToStart = avgBetween / 2;
  if (isCounter && result > 0 && vs[lo] >= 0) {
    // A counter cannot go below zero, so do not extrapolate past the point where it would have been zero.
    const durationToZero = sampledInterval * (vs[lo] / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = avgBetween / 2;
  let factor = sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
  if (isRate) factor /= w.range / 1000;
  return result * factor;
}

function instantValue(w: Window, isRate: boolean): number | undefined {
  const { ts, vs, hi } = w;
  if (hi - w.lo < 2) return undefined;
  const prev = vs[hi - 2];
  const last = vs[hi - 1];
  const interval = ts[hi - 1] - ts[hi - 2];
  if (interval === 0) return undefined;
  const result = isRate && last < prev ? last : last - prev;
  return isRate ? result / (interval / 1000) : result;
}

/** Least-squares slope and intercept of the window's samples, x in seconds relative to interceptTime. */
function linearRegression(w: Window, interceptTime: number): [number, number] {
  const { ts, vs, lo, hi } = w;
  let n = 0, sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
  const initY = vs[lo];
  let constY = true;
  for (let i = lo; i < hi; i++) {
    const y = vs[i];
    if (constY && i > lo && y !== initY) constY = false;
    n++;
    const x = (ts[i] - interceptTime) / 1000;
    [sumX, cX] = kahanInc(x, sumX, cX);
    [sumY, cY] = kahanInc(y, sumY, cY);
    [sumXY, cXY] = kahanInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanInc(x * x, sumX2, cX2);
  }
  if (constY) return Number.isFinite(initY) ? [0, initY] : [NaN, NaN];
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

function avg(w: Window): number {
  return kahanMean(w.vs, w.lo, w.hi);
}

function variance(w: Window): number {
  let count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
  for (let i = w.lo; i < w.hi; i++) {
    const f = w.vs[i];
    count++;
    const delta = f - (mean + cMean);
    [mean, cMean] = kahanInc(delta / count, mean, cMean);
    [aux, cAux] = kahanInc(delta * (f - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

function values(w: Window): number[] {
  return Array.from(w.vs.subarray(w.lo, w.hi));
}

function extreme(w: Window, better: (cur: number, best: number) => boolean, timestamp: boolean): number {
  let best = w.vs[w.lo];
  let at = w.ts[w.lo];
  for (let i = w.lo; i < w.hi; i++) {
    if (better(w.vs[i], best)) {
      best = w.vs[i];
      at = w.ts[i];
    }
  }
  return timestamp ? at / 1000 : best;
}

const nonEmpty = (f: (w: Window, a: readonly number[]) => number): RangeFunction => (w, a) => (w.hi > w.lo ? f(w, a) : undefined);
const isMax = (cur: number, best: number) => cur > best || Number.isNaN(best);
const isMin = (cur: number, best: number) => cur < best || Number.isNaN(best);

function smoothing(w: Window, [sf, tf]: readonly number[]): number | undefined {
  if (!(sf > 0 && sf < 1)) throw new PromqlEvalError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf}`);
  if (!(tf > 0 && tf < 1)) throw new PromqlEvalError(`invalid trend factor. Expected: 0 < tf < 1, got: ${tf}`);
  const { vs, lo, hi } = w;
  if (hi - lo < 2) return undefined;
  let s0 = 0, s1 = vs[lo], b = vs[lo + 1] - vs[lo];
  for (let i = lo + 1; i < hi; i++) {
    const x = sf * vs[i];
    if (i - 1 > lo) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}

/** Every function that takes a range vector, by name. */
export const RANGE_FUNCTIONS: ReadonlyMap<string, RangeFunction> = new Map<string, RangeFunction>([
  ['rate', (w) => extrapolatedRate(w, true, true)],
  ['increase', (w) => extrapolatedRate(w, true, false)],
  ['delta', (w) => extrapolatedRate(w, false, false)],
  ['irate', (w) => instantValue(w, true)],
  ['idelta', (w) => instantValue(w, false)],
  ['deriv', (w) => (w.hi - w.lo < 2 ? undefined : linearRegression(w, w.ts[w.lo])[0])],
  ['predict_linear', (w, [d]) => {
    if (w.hi - w.lo < 2) return undefined;
    const [slope, intercept] = linearRegression(w, w.evalTime);
    return slope * d + intercept;
  }],
  ['double_exponential_smoothing', smoothing],
  ['resets', (w) => {
    const start = anchoredStart(w);
    if (start === undefined || w.hi <= start) return undefined;
    const known = w.extension ? undefined : resetsIn(w);
    if (known !== undefined) return known;
    let n = 0;
    for (let i = start + 1; i < w.hi; i++) if (w.vs[i] < w.vs[i - 1]) n++;
    return n;
  }],
  ['changes', (w) => {
    const start = anchoredStart(w);
    if (start === undefined || w.hi <= start) return undefined;
    let n = 0;
    for (let i = start + 1; i < w.hi; i++) {
      const a = w.vs[i - 1], b = w.vs[i];
      if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) n++;
    }
    return n;
  }],
  ['avg_over_time', nonEmpty(avg)],
  ['sum_over_time', nonEmpty((w) => {
    let sum = 0, c = 0;
    for (let i = w.lo; i < w.hi; i++) [sum, c] = kahanInc(w.vs[i], sum, c);
    return Number.isFinite(sum) ? sum + c : sum;
  })],
  ['count_over_time', nonEmpty((w) => w.hi - w.lo)],
  ['min_over_time', nonEmpty((w) => extreme(w, isMin, false))],
  ['max_over_time', nonEmpty((w) => extreme(w, isMax, false))],
  ['ts_of_min_over_time', nonEmpty((w) => extreme(w, isMin, true))],
  ['ts_of_max_over_time', nonEmpty((w) => extreme(w, isMax, true))],
  ['last_over_time', nonEmpty((w) => w.vs[w.hi - 1])],
  ['first_over_time', nonEmpty((w) => w.vs[w.lo])],
  ['ts_of_last_over_time', nonEmpty((w) => w.ts[w.hi - 1] / 1000)],
  ['ts_of_first_over_time', nonEmpty((w) => w.ts[w.lo] / 1000)],
  ['present_over_time', nonEmpty(() => 1)],
  ['stdvar_over_time', nonEmpty(variance)],
  ['stddev_over_time', nonEmpty((w) => Math.sqrt(variance(w)))],
  ['quantile_over_time', nonEmpty((w, [q]) => quantile(q, values(w)))],
  ['mad_over_time', nonEmpty((w) => {
    const vals = values(w);
    if (vals.some(Number.isNaN)) return NaN;
    const median = quantile(0.5, vals);
    return quantile(0.5, vals.map((x) => Math.abs(x - median)));
  })],
]);

/** Range functions whose output keeps the metric name. */
export const KEEPS_NAME = new Set(['last_over_time', 'first_over_time']);
