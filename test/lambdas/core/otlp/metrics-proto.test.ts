import { translateOtlpMetrics } from '../../../../lambdas/core/metrics/otlp-translator';
import { decodeOtlpMetricsProto } from '../../../../lambdas/core/otlp/metrics-proto';
import { ProtobufError } from '../../../../lambdas/core/wire/protobuf-reader';
import { ProtobufWriter } from '../../../../lambdas/core/wire/protobuf-writer';

// Field numbers from opentelemetry/proto/metrics/v1/metrics.proto and common/v1/common.proto.
function keyValue(w: ProtobufWriter, field: number, key: string, value: string): void {
  w.message(field, (kv) => kv.string(1, key).message(2, (v) => v.string(1, value)));
}

function request(): Uint8Array {
  const t = 1_700_000_000_123_456_789n;
  return new ProtobufWriter()
    .message(1, (rm) => {
      rm.message(1, (res) => keyValue(res, 1, 'service.name', 'api'));
      rm.message(2, (sm) => {
        sm.message(1, (scope) => scope.string(1, 'lib').string(2, '1.0'));
        sm.message(2, (m) =>
          m
            .string(1, 'http.requests')
            .string(3, '1')
            .message(7, (sum) => {
              sum.message(1, (p) => {
                keyValue(p, 7, 'route', '/a');
                p.fixed64(3, t).double(4, 12);
              });
              sum.uint(2, 2).uint(3, 1);
            }),
        );
        sm.message(2, (m) =>
          m.string(1, 'latency').string(3, 's').message(9, (h) => {
            h.message(1, (p) => {
              p.fixed64(3, t).fixed64(4, 3).double(5, 0.75);
              // packed repeated fixed64 bucket_counts and packed doubles explicit_bounds
              const packedCounts = new Uint8Array(16);
              new DataView(packedCounts.buffer).setBigUint64(0, 1n, true);
              new DataView(packedCounts.buffer).setBigUint64(8, 2n, true);
              p.bytes(6, packedCounts);
              const bounds = new Uint8Array(8);
              new DataView(bounds.buffer).setFloat64(0, 0.5, true);
              p.bytes(7, bounds);
            });
            h.uint(2, 2);
          }),
        );
        sm.message(2, (m) =>
          m.string(1, 'bytes').string(3, 'By').message(10, (eh) => {
            eh.message(1, (p) => {
              p.fixed64(3, t).fixed64(4, 2).double(5, 5).uint(6, 2 /* zigzag(1) */).fixed64(7, 0);
              p.message(8, (b) => b.uint(1, 0).bytes(2, Uint8Array.from([1, 1])));
            });
            eh.uint(2, 2);
          }),
        );
      });
    })
    .finish();
}

describe('OTLP metrics protobuf decoding', () => {
  it('decodes sums, histograms (packed fields) and exponential histograms into the JSON shape', () => {
    const decoded = decodeOtlpMetricsProto(request());
    const metrics = decoded.resourceMetrics![0].scopeMetrics![0].metrics!;
    expect(metrics.map((m) => m.name)).toEqual(['http.requests', 'latency', 'bytes']);
    expect(metrics[0].sum).toEqual({
      aggregationTemporality: 2,
      isMonotonic: true,
      dataPoints: [{ attributes: [{ key: 'route', value: { stringValue: '/a' } }], timeUnixNano: '1700000000123456789', asDouble: 12 }],
    });
    expect(metrics[1].histogram!.dataPoints![0]).toMatchObject({ count: 3, sum: 0.75, bucketCounts: [1, 2], explicitBounds: [0.5] });
    expect(metrics[2].exponentialHistogram!.dataPoints![0]).toMatchObject({ scale: 1, positive: { offset: 0, bucketCounts: [1, 1] } });

    const { series } = translateOtlpMetrics(decoded, 0);
    const byName = (n: string) => series.filter((s) => s.labels.__name__ === n);
    expect(byName('http_requests_total')[0]).toEqual({
      labels: { __name__: 'http_requests_total', job: 'api', route: '/a' },
      samples: [{ timestamp: 1_700_000_000_123, value: 12 }],
    });
    expect(byName('latency_seconds_bucket').map((s) => [s.labels.le, s.samples[0].value])).toEqual([
      ['0.5', 1],
      ['+Inf', 3],
    ]);
    // The unit is already in the name, so no second suffix. Scale 1: base √2, so bucket 0
    // covers (1, √2] and bucket 1 (√2, 2].
    const buckets = byName('bytes_bucket').map((s) => [s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), s.samples[0].value]);
    expect(buckets.map((b) => b[0])).toEqual([0, Math.SQRT2, Math.SQRT2 ** 2, Infinity]);
    expect(buckets.map((b) => b[1])).toEqual([0, 1, 2, 2]);
  });

  it('rejects truncated bodies with a ProtobufError', () => {
    const body = request();
    expect(() => decodeOtlpMetricsProto(body.subarray(0, body.length - 5))).toThrow(ProtobufError);
  });
});
