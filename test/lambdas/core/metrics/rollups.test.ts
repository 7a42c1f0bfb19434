import { STALE_NAN } from '../../../../lambdas/core/domain/series';
import {
  ROLLUP_BUCKET_MS,
  bucketStartOf,
  rollupSamples,
  rollupSeries,
  rollupsAsSamples,
  mergeRollups,
} from '../../../../lambdas/core/metrics/rollups';

const M = 60_000;

describe('rollups', () => {
  it('aligns buckets to 5-minute boundaries, flooring negatives', () => {
    expect(bucketStartOf(0)).toBe(0);
    expect(bucketStartOf(5 * M - 1)).toBe(0);
    expect(bucketStartOf(5 * M)).toBe(5 * M);
    expect(bucketStartOf(-1)).toBe(-5 * M);
  });

  it('computes min, max, sum, count and last per bucket', () => {
    const r = rollupSamples([
      { timestamp: 10_000, value: 3 },
      { timestamp: 60_000, value: -1 },
      { timestamp: 4 * M, value: 7 },
      { timestamp: 5 * M, value: 2 },
      { timestamp: 16 * M, value: 9 },
    ]);
    expect(r).toEqual([
      { bucketStart: 0, min: -1, max: 7, sum: 9, count: 3, last: 7, lastTimestamp: 4 * M },
      { bucketStart: 5 * M, min: 2, max: 2, sum: 2, count: 1, last: 2, lastTimestamp: 5 * M },
      { bucketStart: 15 * M, min: 9, max: 9, sum: 9, count: 1, last: 9, lastTimestamp: 16 * M },
    ]);
  });

  it('skips stale markers and counts NaN without letting it into min/max/sum', () => {
    const r = rollupSamples([
      { timestamp: 1_000, value: NaN },
      { timestamp: 2_000, value: 4 },
      { timestamp: 3_000, value: STALE_NAN },
      { timestamp: 6 * M, value: STALE_NAN },
      { timestamp: 11 * M, value: NaN },
    ]);
    expect(r).toHaveLength(2);
    expect(r[0]).toEqual({ bucketStart: 0, min: 4, max: 4, sum: 4, count: 2, last: 4, lastTimestamp: 2_000 });
    expect(r[1].bucketStart).toBe(10 * M);
    expect(r[1].count).toBe(1);
    expect(r[1].min).toBeNaN();
    expect(r[1].sum).toBeNaN();
    expect(r[1].last).toBeNaN();
  });

  it('merges two rollups of one bucket, the later last winning', () => {
    const [a] = rollupSamples([{ timestamp: 2 * M, value: 5 }]);
    const [b] = rollupSamples([
      { timestamp: M, value: 1 },
      { timestamp: M + 1, value: NaN },
    ]);
    expect(mergeRollups(a, b)).toEqual({ bucketStart: 0, min: 1, max: 5, sum: 6, count: 3, last: 5, lastTimestamp: 2 * M });
  });

  it('keeps infinities in the aggregates', () => {
    const [r] = rollupSamples([
      { timestamp: 0, value: Infinity },
      { timestamp: 1, value: 1 },
    ]);
    expect(r.max).toBe(Infinity);
    expect(r.min).toBe(1);
    expect(r.sum).toBe(Infinity);
  });

  it('drops series with nothing to roll up and stamps samples at bucket ends', () => {
    const out = rollupSeries([
      { labels: { __name__: 'a' }, samples: [{ timestamp: 7 * M, value: 5 }] },
      { labels: { __name__: 'b' }, samples: [{ timestamp: 0, value: STALE_NAN }] },
    ]);
    expect(out.map((s) => s.labels.__name__)).toEqual(['a']);
    expect(rollupsAsSamples(out[0].rollups)).toEqual([{ timestamp: 5 * M + ROLLUP_BUCKET_MS, value: 5 }]);
  });
});
