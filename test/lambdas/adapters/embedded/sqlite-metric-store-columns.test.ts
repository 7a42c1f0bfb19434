import { SqliteMetricStore } from '../../../../lambdas/adapters/embedded/sqlite-metric-store';
import { isStaleNaN, STALE_NAN, type Series } from '../../../../lambdas/core/domain/series';
import type { MetricSelection } from '../../../../lambdas/core/ports/metric-store';
import { columnsToSeries, offersColumns } from '../../../../lambdas/core/promql/column-select';
import { tempDatabase } from '../../../support/contract/temp-database';

const data: Series[] = [
  { labels: { __name__: 'm', job: 'b' }, samples: [1, 2, 3, 4, 5].map((t) => ({ timestamp: t * 1000, value: t * 1.5 })) },
  { labels: { __name__: 'm', job: 'a' }, samples: [
    { timestamp: 1000, value: Infinity },
    { timestamp: 2000, value: -Infinity },
    { timestamp: 3000, value: Number.NaN },
    { timestamp: 4000, value: STALE_NAN },
    { timestamp: 6000, value: 7 },
  ] },
  { labels: { __name__: 'other' }, samples: [{ timestamp: 3000, value: 1 }] },
];

describe('SqliteMetricStore.selectColumns', () => {
  it('answers the same series, order and samples as select, non-finite values and stale markers bit for bit', async () => {
    const { db, cleanup } = tempDatabase();
    const store = new SqliteMetricStore(db);
    await store.write(data);
    expect(offersColumns(store)).toBe(true);
    const selections: MetricSelection[] = [
      { matchers: [{ name: '__name__', op: '=', value: 'm' }], range: { start: 0, end: 10_000 } },
      { matchers: [{ name: '__name__', op: '=', value: 'm' }], range: { start: 2000, end: 4000 } },
      { matchers: [{ name: '__name__', op: '=~', value: 'm|other' }], range: { start: 3000, end: 3000 }, limit: 2 },
      { matchers: [{ name: '__name__', op: '=', value: 'none' }], range: { start: 0, end: 10_000 } },
      // Ranges too long for times relative to their start, and starting before the epoch.
      { matchers: [{ name: '__name__', op: '=', value: 'm' }], range: { start: -(2 ** 40), end: 2 ** 40 } },
      { matchers: [{ name: '__name__', op: '=', value: 'm' }], range: { start: -5000, end: 3000 } },
    ];
    for (const sel of selections) {
      const columns = await store.selectColumns(sel);
      const plain = await store.select(sel);
      expect(columnsToSeries(columns)).toEqual(plain);
      for (const c of columns) expect(c.ts.length).toBe(c.vs.length);
    }
    const [a] = await store.selectColumns({ matchers: [{ name: 'job', op: '=', value: 'a' }], range: { start: 0, end: 10_000 } });
    expect(Array.from(a.ts)).toEqual([1000, 2000, 3000, 4000, 6000]);
    expect(a.vs[0]).toBe(Infinity);
    expect(a.vs[1]).toBe(-Infinity);
    expect(Number.isNaN(a.vs[2]) && !isStaleNaN(a.vs[2])).toBe(true);
    expect(isStaleNaN(a.vs[3])).toBe(true);
    expect(a.vs[4]).toBe(7);
    await cleanup();
  });
});
