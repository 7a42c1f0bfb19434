import type { Steps } from './eval-types';
import type { FetchedSeries } from './planner';
import type { SampleArrays } from './step-series';

/**
 * A `smoothed` selector: the sample at the step time, else linear interpolation between the samples
 * around it, else the last one before it, all within the lookback delta on either side.
 */
export function smoothValues(f: SampleArrays, s: Steps, timeAt: (i: number) => number, lookback: number, values: Float64Array, present: Uint8Array): boolean {
  let any = false;
  const { ts, vs } = f;
  // Step times never decrease, so both window edges only move forward.
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < s.count; i++) {
    const t = timeAt(i);
    while (lo < ts.length && ts[lo] <= t - lookback) lo++;
    if (hi < lo) hi = lo;
    while (hi < ts.length && ts[hi] <= t + lookback) hi++;
    if (hi === lo) continue;
    let k = lo;
    while (k < hi && ts[k] < t) k++;
    if (k < hi && ts[k] === t) values[i] = vs[k];
    else if (k > lo && k < hi) values[i] = vs[k - 1] + ((vs[k] - vs[k - 1]) * (t - ts[k - 1])) / (ts[k] - ts[k - 1]);
    else if (k > lo) values[i] = vs[k - 1];
    else continue;
    present[i] = 1;
    any = true;
  }
  return any;
}

/**
 * The samples an anchored or smoothed range selector shows: a point at each boundary (the sample
 * at or before the start, or interpolated when smoothed) and the samples strictly inside.
 */
export function extendWindow(ts: Float64Array, vs: Float64Array, start: number, end: number, smoothed: boolean): { ts: Float64Array; vs: Float64Array } {
  let last = ts.length - 1;
  let first = 0;
  while (first < last && ts[first] <= start) first++;
  first = Math.max(0, first - 1);
  if (smoothed) {
    let k = 0;
    while (k < ts.length - 1 && ts[k] < end) k++;
    last = k;
  }
  if (ts[last] <= start) return { ts: new Float64Array(0), vs: new Float64Array(0) };
  const interp = (a: number, b: number, t: number) => vs[a] + ((vs[b] - vs[a]) * (t - ts[a])) / (ts[b] - ts[a]);
  const left = smoothed && ts[first] < start ? interp(first, first + 1, start) : vs[first];
  const right = smoothed && last > 0 && ts[last] > end ? interp(last - 1, last, end) : vs[last];
  if (ts[first] <= start) first++;
  if (ts[last] >= end) last--;
  const outT = [start];
  const outV = [left];
  for (let i = first; i <= last; i++) {
    outT.push(ts[i]);
    outV.push(vs[i]);
  }
  outT.push(end);
  outV.push(right);
  return { ts: Float64Array.from(outT), vs: Float64Array.from(outV) };
}

/** The samples of a fetched series without its stale markers (cached on the series). */
export function cleanSamples(f: FetchedSeries): SampleArrays {
  if (!f.stale) return f;
  if (f.clean) return f.clean;
  const keep: number[] = [];
  for (let i = 0; i < f.ts.length; i++) if (!f.stale[i]) keep.push(i);
  f.clean = { labels: f.labels, ts: Float64Array.from(keep, (i) => f.ts[i]), vs: Float64Array.from(keep, (i) => f.vs[i]) };
  return f.clean;
}

