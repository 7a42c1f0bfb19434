import { isStaleNaN, type Sample, type Series, type Labels } from '../domain/series';

/** Width of one rollup bucket: five minutes, in milliseconds. */
export const ROLLUP_BUCKET_MS = 5 * 60 * 1000;

/**
 * The five aggregates of one series over one aligned bucket `[bucketStart, bucketStart + 5m)`.
 *
 * Conventions: staleness markers are skipped entirely (they say "no value", not a value).
 * Other NaNs are counted in `count` and may be `last`, but are left out of `min`, `max` and
 * `sum` so one bad sample does not poison the bucket; a bucket holding only NaNs has NaN
 * `min`/`max`/`sum`. A bucket holding only stale markers yields no rollup at all.
 */
export interface Rollup {
  readonly bucketStart: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  readonly count: number;
  readonly last: number;
  /** When `last` was sampled, so a later recomputation of the bucket can merge in order. */
  readonly lastTimestamp: number;
}

/** The rollups of one series, in ascending bucket order. */
export interface SeriesRollups {
  readonly labels: Labels;
  readonly rollups: readonly Rollup[];
}

/** The start of the aligned 5-minute bucket holding a timestamp (floor, also for negative times). */
export function bucketStartOf(timestamp: number): number {
  return Math.floor(timestamp / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS;
}

/** Computes the rollups of samples in ascending timestamp order. */
export function rollupSamples(samples: readonly Sample[]): Rollup[] {
  const out: Rollup[] = [];
  let start = NaN;
  let min = NaN;
  let max = NaN;
  let sum = NaN;
  let count = 0;
  let last = NaN;
  let lastTimestamp = NaN;
  const flush = (): void => {
    if (count > 0) out.push({ bucketStart: start, min, max, sum, count, last, lastTimestamp });
  };
  for (const s of samples) {
    if (isStaleNaN(s.value)) continue;
    const b = bucketStartOf(s.timestamp);
    if (b !== start) {
      flush();
      start = b;
      min = NaN;
      max = NaN;
      sum = NaN;
      count = 0;
    }
    count++;
    last = s.value;
    lastTimestamp = s.timestamp;
    if (Number.isNaN(s.value)) continue;
    // NaN < x is false, so the first real value seeds each aggregate explicitly.
    min = Number.isNaN(min) || s.value < min ? s.value : min;
    max = Number.isNaN(max) || s.value > max ? s.value : max;
    sum = Number.isNaN(sum) ? s.value : sum + s.value;
  }
  flush();
  return out;
}

/** Computes the rollups of every series; series left with no rollups are dropped. */
export function rollupSeries(series: readonly Series[]): SeriesRollups[] {
  const out: SeriesRollups[] = [];
  for (const s of series) {
    const rollups = rollupSamples(s.samples);
    if (rollups.length > 0) out.push({ labels: s.labels, rollups });
  }
  return out;
}

/**
 * Merges two rollups of the same bucket (say, one stored and one computed from late samples):
 * counts and sums add, extremes combine ignoring NaN, and the later `last` wins.
 */
export function mergeRollups(a: Rollup, b: Rollup): Rollup {
  const pick = (x: number, y: number, f: (p: number, q: number) => number): number =>
    Number.isNaN(x) ? y : Number.isNaN(y) ? x : f(x, y);
  const later = b.lastTimestamp >= a.lastTimestamp ? b : a;
  return {
    bucketStart: a.bucketStart,
    min: pick(a.min, b.min, Math.min),
    max: pick(a.max, b.max, Math.max),
    sum: pick(a.sum, b.sum, (p, q) => p + q),
    count: a.count + b.count,
    last: later.last,
    lastTimestamp: later.lastTimestamp,
  };
}

/**
 * Turns rollups back into samples a PromQL engine can read: each bucket's `last` value stamped
 * at the bucket's end, so counters and gauges keep their shape at 5-minute resolution.
 */
export function rollupsAsSamples(rollups: readonly Rollup[]): Sample[] {
  return rollups.map((r) => ({ timestamp: r.bucketStart + ROLLUP_BUCKET_MS, value: r.last }));
}
