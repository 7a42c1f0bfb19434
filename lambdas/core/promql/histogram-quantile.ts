import type { Labels } from '../domain/series';
import type { Steps } from './eval-types';
import { labelsKey, SeriesCollector, type StepSeries } from './step-series';

interface Bucket {
  upper: number;
  count: number;
}

/** Parses a float as Go's strconv.ParseFloat does for `le` values; undefined when malformed. */
export function parseGoFloat(s: string): number | undefined {
  const l = s.toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(l)) return l.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(l)) return NaN;
  if (/^[+-]?(\d+(_\d+)*\.?\d*(_\d+)*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return Number(s.replace(/_/g, ''));
  if (/^[+-]?0x[0-9a-f]+$/i.test(s)) return (s.startsWith('-') ? -1 : 1) * parseInt(s.replace(/^[+-]?0x/i, ''), 16);
  return undefined;
}

function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (a === b) return true;
  const minNormal = 2.2250738585072014e-308;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < minNormal) return diff < epsilon * minNormal;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/** The quantile q of classic buckets (cumulative counts by upper bound), as Prometheus' bucketQuantile. */
export function bucketQuantile(q: number, input: Bucket[]): { value: number; forcedMonotonic: boolean } {
  if (Number.isNaN(q)) return { value: NaN, forcedMonotonic: false };
  if (q < 0) return { value: -Infinity, forcedMonotonic: false };
  if (q > 1) return { value: Infinity, forcedMonotonic: false };
  const buckets = coalesce(input);
  if (buckets[buckets.length - 1].upper !== Infinity) return { value: NaN, forcedMonotonic: false };
  let forcedMonotonic = false;
  let prev = buckets[0].count;
  for (let i = 1; i < buckets.length; i++) {
    const curr = buckets[i].count;
    if (curr === prev) continue;
    if (almostEqual(prev, curr, 1e-12)) {
      buckets[i].count = prev;
      continue;
    }
    if (curr < prev) {
      buckets[i].count = prev;
      forcedMonotonic = true;
      continue;
    }
    prev = curr;
  }
  if (buckets.length < 2) return { value: NaN, forcedMonotonic };
  const observations = buckets[buckets.length - 1].count;
  if (observations === 0) return { value: NaN, forcedMonotonic };
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && !(buckets[b].count >= rank)) b++;
  if (b === buckets.length - 1) return { value: buckets[buckets.length - 2].upper, forcedMonotonic };
  if (b === 0 && buckets[0].upper <= 0) return { value: buckets[0].upper, forcedMonotonic };
  let start = 0;
  let count = buckets[b].count;
  if (b > 0) {
    start = buckets[b - 1].upper;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return { value: start + (buckets[b].upper - start) * (rank / count), forcedMonotonic };
}

/** What histogram_quantile noticed, for annotations. */
export interface QuantileNotes {
  badBucketLabel?: { value: string; metric: string };
  forcedMonotonic?: boolean;
}

/** histogram_quantile over classic `le` bucket series, per step. */
export function histogramQuantile(q: Float64Array, series: readonly StepSeries[], steps: Steps, notes: QuantileNotes): StepSeries[] {
  return overClassicBuckets(series, steps, notes, (buckets, t) => {
    const r = bucketQuantile(q[t], buckets);
    if (r.forcedMonotonic) notes.forcedMonotonic = true;
    return r.value;
  });
}

/** histogram_fraction over classic `le` bucket series, per step. */
export function histogramFraction(lower: Float64Array, upper: Float64Array, series: readonly StepSeries[], steps: Steps, notes: QuantileNotes): StepSeries[] {
  return overClassicBuckets(series, steps, notes, (buckets, t) => bucketFraction(lower[t], upper[t], buckets));
}

/** The estimated fraction of observations between lower and upper, as Prometheus' BucketFraction. */
export function bucketFraction(lower: number, upper: number, input: Bucket[]): number {
  const buckets = coalesce(input);
  if (buckets[buckets.length - 1].upper !== Infinity) return NaN;
  const count = buckets[buckets.length - 1].count;
  if (count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return NaN;
  if (lower >= upper) return 0;
  let rank = 0, lowerRank = 0, upperRank = 0, lowerSet = false, upperSet = false;
  let lowerBound = buckets[0].upper <= 0 ? -Infinity : 0;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i];
    if (i > 0) lowerBound = buckets[i - 1].upper;
    const upperBound = b.upper;
    const interpolate = (v: number) => (lowerBound === -Infinity ? b.count : rank + ((b.count - rank) * (v - lowerBound)) / (upperBound - lowerBound));
    if (!lowerSet && lowerBound >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && lowerBound >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && lowerBound < lower && upperBound > lower) {
      lowerRank = interpolate(lower);
      lowerSet = true;
    }
    if (!upperSet && lowerBound < upper && upperBound > upper) {
      upperRank = interpolate(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank = b.count;
  }
  if (!lowerSet || lowerRank > count) lowerRank = count;
  if (!upperSet || upperRank > count) upperRank = count;
  return (upperRank - lowerRank) / count;
}

function coalesce(input: Bucket[]): Bucket[] {
  const sorted = [...input].sort((a, b) => a.upper - b.upper);
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upper === b.upper) last.count += b.count;
    else buckets.push({ ...b });
  }
  return buckets;
}

function overClassicBuckets(series: readonly StepSeries[], steps: Steps, notes: QuantileNotes, compute: (buckets: Bucket[], t: number) => number): StepSeries[] {
  const groups = new Map<string, { labels: Labels; members: { s: StepSeries; le: number }[] }>();
  for (const s of series) {
    const raw = s.labels.le ?? '';
    const le = parseGoFloat(raw);
    if (le === undefined) {
      notes.badBucketLabel = { value: raw, metric: s.labels.__name__ ?? '' };
      continue;
    }
    const { le: _le, ...rest } = s.labels;
    const key = labelsKey(rest);
    let g = groups.get(key);
    if (!g) {
      const { __name__: _n, ...outLabels } = rest;
      g = { labels: outLabels, members: [] };
      groups.set(key, g);
    }
    g.members.push({ s, le });
  }
  const out = new SeriesCollector(steps.count);
  for (let t = 0; t < steps.count; t++) {
    for (const g of groups.values()) {
      const buckets: Bucket[] = [];
      for (const m of g.members) if (m.s.present[t]) buckets.push({ upper: m.le, count: m.s.values[t] });
      if (buckets.length === 0) continue;
      out.add(g.labels, t, compute(buckets, t));
    }
  }
  return out.result();
}
