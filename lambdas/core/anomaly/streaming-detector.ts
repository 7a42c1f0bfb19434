import { detectSeasonality } from '../capacity/seasonality';
import { RingBuffer } from './ring-buffer';
import { median, quantileInPlace } from './robust-stats';

// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { abs, max, min, sqrt } = Math;
const isFiniteNumber = Number.isFinite;

/** Settings of {@link StreamingDetector}; every field has a default. */
export interface StreamingDetectorOptions {
  /** Points seen before any score above 0 (NAB's probationary period). @default 150 */
  readonly warmup?: number;
  /** Values kept for the seasonal baseline and period detection. @default 2100 */
  readonly historySize?: number;
  /** Residuals kept for the robust scale. @default 1000 */
  readonly residualWindow?: number;
  /** Past z-scores kept for the adaptive threshold. @default 3000 */
  readonly zWindow?: number;
  /** Past cycles whose same-phase values form the seasonal baseline (their median). @default 3 */
  readonly seasonCycles?: number;
  /** Recent deviations whose median re-bases the level, so a level shift alerts once and is then absorbed. @default 48 */
  readonly levelWindow?: number;
  /**
   * Points whose residual median forms the shift statistic: a sustained shift too small to
   * alert point by point still moves the median of the last few residuals. 0 disables. @default 8
   */
  readonly shiftWindow?: number;
  /** Lowest robust z-score that can alert. @default 6 */
  readonly minZ?: number;
  /**
   * Quantile of past z-scores that the threshold also has to exceed, so it adapts to heavy
   * tails; 1 (the default) means a point must beat every z-score of the last `zWindow` points. @default 1
   */
  readonly tailQuantile?: number;
  /** Points between re-detections of the season. @default 500 */
  readonly seasonRecheck?: number;
  /** Minimum (lag-corrected) autocorrelation for a daily or weekly season to be used. @default 0.35 */
  readonly minSeasonAcf?: number;
}

/** The score of one point. */
export interface PointScore {
  readonly timestamp: number;
  readonly value: number;
  /** What the baseline expected. NaN before it has enough history. */
  readonly expected: number;
  /** Robust z-score of the residual (0 before there is a scale). */
  readonly z: number;
  /** The adaptive threshold the z-score was compared with. */
  readonly threshold: number;
  /** z-score of the median of the last `shiftWindow` residuals (0 when disabled or too early). */
  readonly shiftZ: number;
  /** Anomaly score in [0,1]; 0.5 is where the z-score or the shift z-score reaches its adaptive threshold. */
  readonly score: number;
}

/** The detector's whole state, plain JSON, for storing between invocations. */
export interface StreamingDetectorState {
  readonly options: Required<StreamingDetectorOptions>;
  readonly count: number;
  readonly lastTimestamp: number | null;
  readonly intervals: readonly number[];
  readonly period: number;
  readonly history: readonly number[];
  readonly deviations: readonly number[];
  readonly residuals: readonly number[];
  readonly zScores: readonly number[];
  readonly shiftScores: readonly number[];
  /** Cached scale and threshold (null before the first refresh), so a restored detector scores exactly as the original. */
  readonly scale: number | null;
  readonly threshold: number | null;
  readonly shiftThreshold: number | null;
}

const DAY_MS = 86_400_000;
const DEFAULTS: Required<StreamingDetectorOptions> = {
  warmup: 150,
  historySize: 2100,
  residualWindow: 1000,
  zWindow: 3000,
  seasonCycles: 3,
  levelWindow: 48,
  shiftWindow: 8,
  minZ: 6,
  tailQuantile: 1,
  seasonRecheck: 500,
  minSeasonAcf: 0.35,
};
// Recomputing the scale and the threshold every few points keeps scoring O(1) amortised.
const REFRESH_EVERY = 16;
// Recent values scanned for the data's resolution (the smallest step between neighbours).
const RESOLUTION_SPAN = 100;

/**
 * A streaming anomaly detector: feed points one by one with {@link StreamingDetector.update}.
 * The baseline is seasonal (median of the same phase over past cycles, the period found by
 * autocorrelation among daily and weekly candidates) or flat, re-based on the median of the
 * latest deviations so that a level shift alerts at its start and is then absorbed. Residuals
 * are scaled robustly (MAD over a window, never finer than the data's resolution). Two
 * statistics are compared with adaptive thresholds (the larger of `minZ` and a high quantile,
 * by default the maximum, of their own recent values): the point's z-score, and the z-score of
 * the median of the last `shiftWindow` residuals, which catches sustained shifts that no single
 * point reveals. The season is re-checked periodically with hysteresis. State is bounded and
 * serialisable (see {@link StreamingDetector.toState}).
 */
export class StreamingDetector {
  private readonly opts: Required<StreamingDetectorOptions>;
  private count = 0;
  private lastTimestamp = NaN;
  private intervals: RingBuffer;
  private period = 0;
  private history: RingBuffer;
  private deviations: RingBuffer;
  private residuals: RingBuffer;
  private zScores: RingBuffer;
  private shiftScores: RingBuffer;
  private shiftThreshold = NaN;
  private scale = NaN;
  private threshold = NaN;
  // Reused working memory for medians and quantiles, so scoring a point allocates nothing.
  private scratch: Float64Array;

  /** A fresh detector. */
  constructor(options: StreamingDetectorOptions = {}) {
    this.opts = { ...DEFAULTS, ...options };
    this.scratch = new Float64Array(max(this.opts.residualWindow, this.opts.zWindow, this.opts.levelWindow, this.opts.seasonCycles));
    this.intervals = new RingBuffer(64);
    this.history = new RingBuffer(this.opts.historySize);
    this.deviations = new RingBuffer(this.opts.levelWindow);
    this.residuals = new RingBuffer(this.opts.residualWindow);
    this.zScores = new RingBuffer(this.opts.zWindow);
    this.shiftScores = new RingBuffer(this.opts.zWindow);
  }

  /** Restores a detector from {@link StreamingDetector.toState}. */
  static fromState(state: StreamingDetectorState): StreamingDetector {
    const d = new StreamingDetector(state.options);
    d.count = state.count;
    d.lastTimestamp = state.lastTimestamp ?? NaN;
    d.period = state.period;
    d.intervals = new RingBuffer(64, state.intervals);
    d.history = new RingBuffer(d.opts.historySize, state.history);
    d.deviations = new RingBuffer(d.opts.levelWindow, state.deviations);
    d.residuals = new RingBuffer(d.opts.residualWindow, state.residuals);
    d.zScores = new RingBuffer(d.opts.zWindow, state.zScores);
    d.shiftScores = new RingBuffer(d.opts.zWindow, state.shiftScores);
    d.shiftThreshold = state.shiftThreshold ?? NaN;
    d.scale = state.scale ?? NaN;
    d.threshold = state.threshold ?? NaN;
    return d;
  }

  /** The state as plain JSON. */
  toState(): StreamingDetectorState {
    return {
      options: this.opts,
      count: this.count,
      lastTimestamp: isFiniteNumber(this.lastTimestamp) ? this.lastTimestamp : null,
      intervals: this.intervals.last(),
      period: this.period,
      history: this.history.last(),
      deviations: this.deviations.last(),
      residuals: this.residuals.last(),
      zScores: this.zScores.last(),
      shiftScores: this.shiftScores.last(),
      shiftThreshold: isFiniteNumber(this.shiftThreshold) ? this.shiftThreshold : null,
      scale: isFiniteNumber(this.scale) ? this.scale : null,
      threshold: isFiniteNumber(this.threshold) ? this.threshold : null,
    };
  }

  /** The season in use, in points (0 when none). */
  get seasonPeriod(): number {
    return this.period;
  }

  /** Scores one point (timestamps in ms, ascending); non-finite values score 0 and are not learnt. */
  update(timestamp: number, value: number): PointScore {
    if (!isFiniteNumber(value)) return { timestamp, value, expected: NaN, z: 0, threshold: NaN, shiftZ: 0, score: 0 };
    if (isFiniteNumber(this.lastTimestamp) && timestamp > this.lastTimestamp) this.intervals.push(timestamp - this.lastTimestamp);
    this.lastTimestamp = timestamp;
    if (this.count > 0 && (this.count === this.opts.warmup || this.count % this.opts.seasonRecheck === 0)) this.detectSeason();

    const base = this.seasonalBase();
    let expected = NaN;
    let score = 0;
    let z = 0;
    let shiftZ = 0;
    if (isFiniteNumber(base) && this.deviations.length > 0) {
      expected = base + quantileInPlace(this.deviations.copyTo(this.scratch), 0.5);
      const residual = value - expected;
      if (this.residuals.length >= 8) {
        if (this.count % REFRESH_EVERY === 0 || !isFiniteNumber(this.scale)) this.refresh();
        z = abs(residual) / this.scale;
        if (this.count >= this.opts.warmup) score = z ** 4 / (z ** 4 + this.threshold ** 4);
        this.zScores.push(min(z, 1e6));
        // A record raises the bar at once (the exact windowed value is recomputed on refresh),
        // so the rest of a burst does not alert again.
        if (this.opts.tailQuantile >= 1 && this.zScores.length >= 100) this.threshold = max(this.threshold, min(z, 1e6));
      }
      this.residuals.push(residual);
      const k = this.opts.shiftWindow;
      if (k > 0 && this.residuals.length >= k + 8 && isFiniteNumber(this.scale)) {
        // The median of k normal residuals has a standard deviation of about 1.25 sigma / sqrt(k).
        shiftZ = abs(quantileInPlace(this.residuals.copyTo(this.scratch, k), 0.5)) / ((1.25 * this.scale) / sqrt(k));
        if (this.count >= this.opts.warmup) score = max(score, shiftZ ** 4 / (shiftZ ** 4 + this.shiftThreshold ** 4));
        this.shiftScores.push(min(shiftZ, 1e6));
        if (this.opts.tailQuantile >= 1 && this.shiftScores.length >= 100) this.shiftThreshold = max(this.shiftThreshold, min(shiftZ, 1e6));
      }
    }
    if (isFiniteNumber(base)) this.deviations.push(value - base);
    this.history.push(value);
    this.count++;
    return { timestamp, value, expected, z, threshold: this.threshold, shiftZ, score: isFiniteNumber(score) ? score : 1 };
  }

  private seasonalBase(): number {
    const p = this.period;
    if (p === 0) return 0;
    let count = 0;
    for (let k = 1; k <= this.opts.seasonCycles; k++) {
      const v = this.history.fromEnd(k * p - 1);
      if (v !== undefined) this.scratch[count++] = v;
    }
    return count === 0 ? NaN : quantileInPlace(this.scratch.subarray(0, count), 0.5);
  }

  private detectSeason(): void {
    const interval = median(this.intervals.last());
    if (!(interval > 0)) return;
    const daily = DAY_MS / interval;
    const values = this.history.last();
    // Hysteresis: a season in use is kept while its autocorrelation stays above half the bar,
    // so a borderline series does not flap between baselines (each switch restarts the statistics).
    if (this.period > 0 && detectSeasonality(values, { robust: true, candidates: [this.period], minAcf: this.opts.minSeasonAcf / 2 })) return;
    const season = detectSeasonality(values, { robust: true, candidates: [daily, 7 * daily], minAcf: this.opts.minSeasonAcf });
    const period = season?.period ?? 0;
    if (period !== this.period) {
      this.period = period;
      // The old residuals were measured against another baseline.
      this.deviations = new RingBuffer(this.opts.levelWindow);
      this.residuals = new RingBuffer(this.opts.residualWindow);
      this.zScores = new RingBuffer(this.opts.zWindow);
      this.shiftScores = new RingBuffer(this.opts.zWindow);
      this.scale = NaN;
    }
  }

  /** The tail quantile of past scores (0 until there are 100 of them). */
  private tailOf(scores: RingBuffer): number {
    if (scores.length < 100) return 0;
    return this.opts.tailQuantile >= 1 ? scores.max() : quantileInPlace(scores.copyTo(this.scratch), this.opts.tailQuantile);
  }

  /** Smallest non-zero step between consecutive recent values (0 when the values never change). */
  private resolution(): number {
    let step = Infinity;
    let prev: number | undefined;
    for (const v of this.history.last(RESOLUTION_SPAN)) {
      const d = prev === undefined ? 0 : abs(v - prev);
      if (d > 0 && d < step) step = d;
      prev = v;
    }
    return isFiniteNumber(step) ? step : 0;
  }

  private refresh(): void {
    const res = this.residuals.copyTo(this.scratch);
    const m = quantileInPlace(res, 0.5);
    let meanAbs = 0;
    for (let i = 0; i < res.length; i++) {
      res[i] = abs(res[i] - m);
      meanAbs += res[i];
    }
    let s = 1.4826 * quantileInPlace(res, 0.5);
    // A flat series has MAD 0; fall back to the mean absolute deviation, then to a tiny floor.
    if (!(s > 0)) s = meanAbs / max(1, res.length);
    if (!(s > 0)) s = 1e-9 * max(1, abs(median(this.history.last(50))));
    // Nor can it be finer than the data's resolution (1 for counts): a step of one unit in a
    // series stuck at zero is not a million-sigma event.
    s = max(s, this.resolution() / 2);
    this.scale = s;
    const tail = this.tailOf(this.zScores);
    this.threshold = max(this.opts.minZ, tail);
    this.shiftThreshold = max(this.opts.minZ, this.tailOf(this.shiftScores));
  }
}
