import { SqliteMetricStore } from '../../../../lambdas/adapters/embedded/sqlite-metric-store';
import { describeMetricStoreContract } from '../../../support/contract/metric-store-contract';
import { tempDatabase } from '../../../support/contract/temp-database';

describeMetricStoreContract('SqliteMetricStore', async () => {
  const { db, cleanup } = tempDatabase();
  return { store: new SqliteMetricStore(db), cleanup };
});

describe('SqliteMetricStore specifics', () => {
  it('keeps the bit pattern of a stale marker NaN', async () => {
    const { db, cleanup } = tempDatabase();
    const store = new SqliteMetricStore(db);
    const bits = new DataView(new ArrayBuffer(8));
    bits.setUint32(0, 0x7ff00000);
    bits.setUint32(4, 2);
    await store.write([{ labels: { __name__: 'x' }, samples: [{ timestamp: 1, value: bits.getFloat64(0) }] }]);
    const [series] = await store.select({ matchers: [{ name: '__name__', op: '=', value: 'x' }], range: { start: 0, end: 2 } });
    const back = new DataView(new ArrayBuffer(8));
    back.setFloat64(0, series.samples[0].value);
    expect([back.getUint32(0), back.getUint32(4)]).toEqual([0x7ff00000, 2]);
    await cleanup();
  });

  it('pushes equality matchers to the label index (query plan uses it)', () => {
    const { db } = tempDatabase();
    new SqliteMetricStore(db);
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT series_id FROM metric_labels WHERE name = 'job' AND value = 'api'")
      .all()
      .map((r) => (r as { detail: string }).detail)
      .join(' ');
    expect(plan).toMatch(/USING (COVERING INDEX|PRIMARY KEY)/);
    db.close();
  });
});

describe('SqliteMetricStore label names', () => {
  it('keeps dotted (UTF-8) label names and refuses an empty one', async () => {
    const { db, cleanup } = tempDatabase();
    const store = new SqliteMetricStore(db);
    const result = await store.write([
      { labels: { __name__: 'http.server.duration', 'http.method': 'GET' }, samples: [{ timestamp: 1, value: 2 }] },
      { labels: { __name__: 'x', '': 'v' }, samples: [{ timestamp: 1, value: 2 }] },
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([{ labels: { __name__: 'x', '': 'v' }, reason: 'empty label name' }]);
    const range = { start: 0, end: 2 };
    expect(await store.labelValues('http.method', { matchers: [{ name: '__name__', op: '=', value: 'http.server.duration' }], range })).toEqual(['GET']);
    await cleanup();
  });
});
