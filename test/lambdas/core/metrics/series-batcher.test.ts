import { isStaleNaN, STALE_NAN, type Series } from '../../../../lambdas/core/domain/series';
import { batchSeries } from '../../../../lambdas/core/metrics/series-batcher';
import { decodeSeriesBody, encodeSeriesBody, SeriesBodyError } from '../../../../lambdas/core/metrics/series-body';

const utf8 = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;

describe('series bodies', () => {
  it('round-trip every value, the stale marker included, and read the plain Series[] form too', () => {
    const samples = [
      { timestamp: 1, value: 0.1 },
      { timestamp: 2, value: Number.NaN },
      { timestamp: 3, value: Infinity },
      { timestamp: 4, value: -Infinity },
      { timestamp: 5, value: STALE_NAN },
    ];
    const [back] = decodeSeriesBody(JSON.parse(JSON.stringify(encodeSeriesBody([{ labels: { __name__: 'x' }, samples }]))));
    expect(back.samples.slice(0, 4)).toEqual(samples.slice(0, 4));
    expect(Number.isNaN(back.samples[1].value) && !isStaleNaN(back.samples[1].value)).toBe(true);
    expect(isStaleNaN(back.samples[4].value)).toBe(true);
    expect(decodeSeriesBody([{ labels: { a: 'b' }, samples: [{ timestamp: 7, value: '+Inf' }] }])).toEqual([{ labels: { a: 'b' }, samples: [{ timestamp: 7, value: Infinity }] }]);
  });

  it('refuses malformed bodies with a reason', () => {
    expect(() => decodeSeriesBody({})).toThrow(SeriesBodyError);
    expect(() => decodeSeriesBody([{ labels: {}, t: [1], v: [] }])).toThrow(/1 timestamps and 0 values/);
    expect(() => decodeSeriesBody([{ labels: {}, t: [1.5], v: [1] }])).toThrow(/integer timestamp/);
    expect(() => decodeSeriesBody([{ labels: {}, t: [1], v: ['lots'] }])).toThrow(/numeric value/);
    expect(() => decodeSeriesBody([{ t: [], v: [] }])).toThrow(/no labels/);
  });
});

describe('batchSeries', () => {
  it('never underestimates a record, whatever the labels and values hold', () => {
    const odd: Series[] = [
      { labels: { __name__: 'q', path: 'with "quotes", \\ and ü' }, samples: [{ timestamp: 1795385999000, value: 1e-7 }, { timestamp: 2, value: Number.NaN }] },
      { labels: { __name__: 'r' }, samples: [{ timestamp: 3, value: -Infinity }, { timestamp: 4, value: 12345.678 }] },
      { labels: { __name__: 's', tab: 'a\tb' }, samples: [] },
    ];
    for (const s of odd) {
      const [b] = batchSeries([s]);
      expect(b.bytes).toBeGreaterThanOrEqual(utf8(b.body));
      expect(b.bytes).toBeLessThanOrEqual(utf8(b.body) + 8);
    }
  });

  it('keeps records under the limit, splits long series into ordered chunks, and keeps each series on one partition', () => {
    const long: Series = { labels: { __name__: 'long', job: 'a' }, samples: Array.from({ length: 5000 }, (_, i) => ({ timestamp: 1_700_000_000_000 + i, value: i / 3 })) };
    const many: Series[] = Array.from({ length: 300 }, (_, i) => ({ labels: { __name__: 'm', i: String(i) }, samples: [{ timestamp: 1, value: i }] }));
    const batches = batchSeries([long, ...many], { maxBytes: 20_000, partitions: 4 });
    for (const b of batches) expect(utf8(b.body)).toBeLessThanOrEqual(20_000);
    const chunks = batches.flatMap((b) => b.body.filter((s) => s.labels.__name__ === 'long').map((s) => ({ key: b.partitionKey, t: s.t })));
    expect(chunks.length).toBeGreaterThan(3);
    expect(new Set(chunks.map((c) => c.key)).size).toBe(1);
    expect(chunks.flatMap((c) => c.t)).toEqual(long.samples.map((s) => s.timestamp));
    expect(batches.reduce((n, b) => n + b.samples, 0)).toBe(5300);
    expect(new Set(batches.map((b) => b.partitionKey)).size).toBeLessThanOrEqual(4);
    const again = batchSeries(many.slice(0, 10), { maxBytes: 20_000, partitions: 4 });
    const where = (batchesOf: typeof batches, i: string) => batchesOf.find((b) => b.body.some((s) => s.labels.i === i))?.partitionKey;
    for (let i = 0; i < 10; i++) expect(where(again, String(i))).toBe(where(batches, String(i)));
  });
});
