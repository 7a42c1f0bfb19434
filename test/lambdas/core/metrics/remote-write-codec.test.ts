import type { Series } from '../../../../lambdas/core/domain/series';
import { decodeRemoteWrite, encodeRemoteWrite } from '../../../../lambdas/core/metrics/remote-write-codec';
import { ProtobufError } from '../../../../lambdas/core/wire/protobuf-reader';
import { ProtobufWriter } from '../../../../lambdas/core/wire/protobuf-writer';

describe('remote_write 1.0 codec', () => {
  it('round-trips series with special values, negative timestamps and metadata', () => {
    const series: Series[] = [
      {
        labels: { __name__: 'http_requests_total', job: 'api', path: '/ünïcode' },
        samples: [
          { timestamp: 1_700_000_000_123, value: 42.5 },
          { timestamp: 1_700_000_015_123, value: Infinity },
          { timestamp: -5, value: -0.25 },
        ],
      },
      { labels: { __name__: 'up' }, samples: [{ timestamp: 1, value: NaN }] },
    ];
    const decoded = decodeRemoteWrite(
      encodeRemoteWrite(series, [{ type: 'counter', metricFamilyName: 'http_requests_total', help: 'Requests.', unit: '' }]),
    );
    expect(decoded.series[0].labelPairs).toEqual([
      ['__name__', 'http_requests_total'],
      ['job', 'api'],
      ['path', '/ünïcode'],
    ]);
    expect(decoded.series[0].samples).toEqual(series[0].samples);
    expect(Number.isNaN(decoded.series[1].samples[0].value)).toBe(true);
    expect(decoded.metadata).toEqual([{ type: 'counter', metricFamilyName: 'http_requests_total', help: 'Requests.', unit: '' }]);
  });

  it('keeps duplicate label names for the validator and counts histograms and exemplars', () => {
    const body = new ProtobufWriter()
      .message(1, (ts) => {
        ts.message(1, (l) => l.string(1, 'a').string(2, '1'));
        ts.message(1, (l) => l.string(1, 'a').string(2, '2'));
        ts.message(3, (e) => e.double(2, 1));
        ts.message(4, (h) => h.uint(1, 3));
      })
      .finish();
    const decoded = decodeRemoteWrite(body);
    expect(decoded.series[0].labelPairs).toEqual([
      ['a', '1'],
      ['a', '2'],
    ]);
    expect(decoded.histogramCount).toBe(1);
    expect(decoded.exemplarCount).toBe(1);
  });

  it('rejects wrong protobuf: truncation, wrong wire types, invalid UTF-8', () => {
    const good = encodeRemoteWrite([{ labels: { __name__: 'x' }, samples: [{ timestamp: 1, value: 1 }] }]);
    expect(() => decodeRemoteWrite(good.subarray(0, good.length - 2))).toThrow(ProtobufError);
    expect(() => decodeRemoteWrite(new ProtobufWriter().uint(1, 5).finish())).toThrow(/wire type/);
    const badUtf8 = new ProtobufWriter().message(1, (ts) => ts.message(1, (l) => l.bytes(1, Uint8Array.from([0xc3, 0x28])))).finish();
    expect(() => decodeRemoteWrite(badUtf8)).toThrow(/UTF-8/);
  });
});
