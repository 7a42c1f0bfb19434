import { SqliteMetricStore } from '../../../../lambdas/adapters/embedded/sqlite-metric-store';
import { STALE_NAN } from '../../../../lambdas/core/domain/series';
import { tempDatabase } from '../../../support/contract/temp-database';

const M = 60_000;
const DAY = 24 * 60 * M;
const NOW = 100 * DAY;
const RETENTION = { rawRetentionMs: 90 * DAY, rollupRetentionMs: 95 * DAY };
// Raw samples before this instant are compacted (already 5-minute aligned).
const HORIZON = NOW - RETENTION.rawRetentionMs;
const sel = (start: number, end: number) => ({ matchers: [{ name: '__name__', op: '=' as const, value: 'up' }], range: { start, end } });

async function seeded() {
  const { db, cleanup } = tempDatabase();
  const store = new SqliteMetricStore(db);
  // One sample a minute from 20 minutes before the horizon to 10 minutes after it.
  const samples = [];
  for (let t = HORIZON - 20 * M; t <= HORIZON + 10 * M; t += M) samples.push({ timestamp: t, value: (t - HORIZON) / M });
  await store.write([{ labels: { __name__: 'up', job: 'a' }, samples }]);
  return { store, cleanup };
}

describe('SqliteMetricStore retention and rollups', () => {
  it('rolls up raw samples past the horizon with all five aggregates', async () => {
    const { store, cleanup } = await seeded();
    const result = await store.compact(NOW, RETENTION);
    expect(result).toMatchObject({ horizon: HORIZON, samplesCompacted: 20, rollupsWritten: 4, rollupsDropped: 0 });
    const rollups = await store.rollups({ __name__: 'up', job: 'a' });
    expect(rollups.map((r) => r.bucketStart)).toEqual([HORIZON - 20 * M, HORIZON - 15 * M, HORIZON - 10 * M, HORIZON - 5 * M]);
    expect(rollups[0]).toMatchObject({ min: -20, max: -16, sum: -90, count: 5, last: -16 });
    expect(rollups[3]).toMatchObject({ min: -5, max: -1, sum: -15, count: 5, last: -1 });
    await cleanup();
  });

  it('answers a range spanning the horizon with rollup points then raw points, in both read paths', async () => {
    const { store, cleanup } = await seeded();
    await store.compact(NOW, RETENTION);
    const [series] = await store.select(sel(HORIZON - 30 * M, HORIZON + 3 * M));
    const expected = [
      { timestamp: HORIZON - 15 * M, value: -16 },
      { timestamp: HORIZON - 10 * M, value: -11 },
      { timestamp: HORIZON - 5 * M, value: -6 },
      // The last bucket's point would sit on the horizon, where the raw sample wins.
      { timestamp: HORIZON, value: 0 },
      { timestamp: HORIZON + M, value: 1 },
      { timestamp: HORIZON + 2 * M, value: 2 },
      { timestamp: HORIZON + 3 * M, value: 3 },
    ];
    expect(series.samples).toEqual(expected);
    const [cols] = await store.selectColumns(sel(HORIZON - 30 * M, HORIZON + 3 * M));
    expect(Array.from(cols.ts)).toEqual(expected.map((s) => s.timestamp));
    expect(Array.from(cols.vs)).toEqual(expected.map((s) => s.value));
    // Ranges wholly before the horizon still find the series.
    expect(await store.findSeries(sel(HORIZON - 12 * M, HORIZON - 9 * M))).toEqual([{ __name__: 'up', job: 'a' }]);
    const [onlyOld] = await store.selectColumns(sel(HORIZON - 12 * M, HORIZON - 9 * M));
    expect(Array.from(onlyOld.ts)).toEqual([HORIZON - 10 * M]);
    await cleanup();
  });

  it('is idempotent and merges late samples into their bucket on the next run', async () => {
    const { store, cleanup } = await seeded();
    await store.compact(NOW, RETENTION);
    const again = await store.compact(NOW, RETENTION);
    expect(again).toMatchObject({ samplesCompacted: 0, rollupsWritten: 0 });
    await store.write([{ labels: { __name__: 'up', job: 'a' }, samples: [{ timestamp: HORIZON - 20 * M + 30_000, value: 100 }, { timestamp: HORIZON - 19 * M + 1, value: STALE_NAN }] }]);
    await store.compact(NOW, RETENTION);
    const [first] = await store.rollups({ __name__: 'up', job: 'a' });
    expect(first).toMatchObject({ min: -20, max: 100, sum: 10, count: 6, last: -16 });
    await cleanup();
  });

  it('drops rollups past their retention', async () => {
    const { store, cleanup } = await seeded();
    await store.compact(NOW, RETENTION);
    const later = await store.compact(HORIZON + 95 * DAY - 10 * M, RETENTION);
    expect(later.rollupsDropped).toBe(2);
    expect((await store.rollups({ __name__: 'up', job: 'a' })).map((r) => r.bucketStart)).toEqual([
      HORIZON - 10 * M,
      HORIZON - 5 * M,
      // The later run also rolled up what had been the raw tail.
      HORIZON,
      HORIZON + 5 * M,
      HORIZON + 10 * M,
    ]);
    await cleanup();
  });
});
