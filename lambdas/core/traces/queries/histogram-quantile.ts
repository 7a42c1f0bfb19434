/**
 * The q-quantile of a cumulative histogram (`le` bounds ascending, the last one +Inf), by
 * linear interpolation inside the bucket that holds the rank, as PromQL's
 * `histogram_quantile` does (the +Inf bucket answers the highest finite bound). NaN when empty.
 */
export function histogramQuantile(q: number, buckets: ReadonlyArray<{ readonly le: number; readonly count: number }>): number {
  if (buckets.length === 0) return Number.NaN;
  const total = buckets[buckets.length - 1].count;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let prevBound = 0;
  let prevCount = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return prevBound;
      if (b.count === prevCount) return b.le;
      return prevBound + ((b.le - prevBound) * (rank - prevCount)) / (b.count - prevCount);
    }
    prevBound = b.le;
    prevCount = b.count;
  }
  return prevBound;
}
