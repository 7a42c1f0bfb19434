import { isStaleNaN, STALE_NAN, type Series } from '../../../../lambdas/core/domain/series';
import { decodeRemoteWrite, encodeRemoteWrite } from '../../../../lambdas/core/metrics/remote-write-codec';
import { ProtobufWriter } from '../../../../lambdas/core/wire/protobuf-writer';

describe('remote_write decoding fast paths', () => {
  it('decode exactly what the generic reader would, across layouts the fast paths must leave alone', () => {
    const labelValues = ['a', '', 'ü-non-ascii', 'x'.repeat(200), 'quote"and\\backslash'];
    const values = [0, -0.5, 1e300, Number.NaN, Infinity, -Infinity, 123.456];
    const timestamps = [0, 1, -1000, 1_795_385_999_123, 2 ** 52];
    const series: Series[] = labelValues.map((v, i) => ({
      labels: { __name__: `m_${i}`, label: v, ['k'.repeat(130)]: 'long name' },
      samples: timestamps.map((timestamp, k) => ({ timestamp, value: values[(i + k) % values.length] })),
    }));
    const decoded = decodeRemoteWrite(encodeRemoteWrite(series));
    decoded.series.forEach((d, i) => {
      const want = Object.entries(series[i].labels).sort(([a], [b]) => (a < b ? -1 : 1));
      expect(d.labelPairs).toEqual(want);
      expect(d.samples).toEqual(series[i].samples);
    });
  });

  it('keeps the stale marker bit pattern and reads samples with extra or reordered fields', () => {
    const w = new ProtobufWriter();
    w.message(1, (ts) => {
      ts.message(1, (l) => l.string(1, '__name__').string(2, 'x'));
      ts.message(2, (s) => s.double(1, STALE_NAN).int64(2, 5000));
      ts.message(2, (s) => s.int64(2, 6000).double(1, 2.5));
      ts.message(2, (s) => s.double(1, 3.5).int64(2, 7000).uint(9, 1));
      ts.message(1, (l) => l.string(2, 'v').string(1, 'reordered'));
    });
    const [s] = decodeRemoteWrite(w.finish()).series;
    expect(isStaleNaN(s.samples[0].value)).toBe(true);
    expect(s.samples.slice(1)).toEqual([{ timestamp: 6000, value: 2.5 }, { timestamp: 7000, value: 3.5 }]);
    expect(s.labelPairs).toEqual([['__name__', 'x'], ['reordered', 'v']]);
  });
});
