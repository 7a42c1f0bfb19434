import type { Sample } from '../../core/domain/series';

/**
 * Averages samples into period-aligned buckets (CloudWatch wants timestamps on period
 * boundaries, one value each). Start inclusive; NaN and infinities are skipped since
 * CloudWatch values must be finite. Timestamps out are Unix seconds.
 */
export function periodBuckets(samples: readonly Sample[], startSeconds: number, periodSeconds: number): { timestamps: number[]; values: number[] } {
  const sums = new Map<number, { sum: number; n: number }>();
  for (const s of samples) {
    if (!Number.isFinite(s.value)) continue;
    const seconds = s.timestamp / 1000;
    const bucket = startSeconds + Math.floor((seconds - startSeconds) / periodSeconds) * periodSeconds;
    const acc = sums.get(bucket) ?? { sum: 0, n: 0 };
    acc.sum += s.value;
    acc.n += 1;
    sums.set(bucket, acc);
  }
  const timestamps = [...sums.keys()].sort((a, b) => a - b);
  return { timestamps, values: timestamps.map((t) => (sums.get(t) as { sum: number; n: number }).sum / (sums.get(t) as { n: number }).n) };
}
