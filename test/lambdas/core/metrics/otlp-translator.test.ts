import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStaleNaN, type Series } from '../../../../lambdas/core/domain/series';
import { translateOtlpMetrics } from '../../../../lambdas/core/metrics/otlp-translator';
import { prometheusLabelName, prometheusMetricName } from '../../../../lambdas/core/metrics/prometheus-naming';
import type { OtlpMetricsRequest } from '../../../../lambdas/core/otlp/otlp-types';
import { describeWithConformance } from '../../../support/conformance';

const T = '1544712660300000000';
const T_MS = 1544712660300;

function find(series: Series[], name: string, extra: Record<string, string> = {}): Series | undefined {
  return series.find((s) => s.labels.__name__ === name && Object.entries(extra).every(([k, v]) => s.labels[k] === v));
}

describe('Prometheus naming of OTLP metrics', () => {
  it.each([
    ['http.server.request.duration', 's', 'histogram', 'http_server_request_duration_seconds'],
    ['http.server.requests', '{request}', 'counter', 'http_server_requests_total'],
    ['system.network.io', 'By', 'counter', 'system_network_io_bytes_total'],
    ['queue.fill', '1', 'gauge', 'queue_fill_ratio'],
    ['process.cpu.utilization', '1', 'non-monotonic-sum', 'process_cpu_utilization'],
    ['throughput', 'By/s', 'gauge', 'throughput_bytes_per_second'],
    ['requests_total', '', 'counter', 'requests_total'],
    ['latency.seconds', 's', 'histogram', 'latency_seconds'],
    ['2xx.count', '', 'gauge', '_2xx_count'],
    ['temp', 'Cel', 'gauge', 'temp_celsius'],
  ] as const)('%s [%s] as %s → %s', (name, unit, type, expected) => {
    expect(prometheusMetricName(name, unit, type)).toBe(expected);
  });

  it('sanitises label names', () => {
    expect(prometheusLabelName('http.method')).toBe('http_method');
    expect(prometheusLabelName('1abc')).toBe('key_1abc');
    expect(prometheusLabelName('_private')).toBe('key_private');
    expect(prometheusLabelName('__reserved__')).toBe('__reserved__');
    expect(prometheusLabelName('...')).toBe('');
  });
});

describe('OTLP metrics translation', () => {
  const resource = {
    attributes: [
      { key: 'service.name', value: { stringValue: 'checkout' } },
      { key: 'service.namespace', value: { stringValue: 'shop' } },
      { key: 'service.instance.id', value: { stringValue: 'pod-1' } },
      { key: 'cloud.region', value: { stringValue: 'eu-west-1' } },
    ],
  };

  it('maps cumulative counters, gauges, histograms and summaries with job, instance and target_info', () => {
    const req: OtlpMetricsRequest = {
      resourceMetrics: [
        {
          resource,
          scopeMetrics: [
            {
              scope: { name: 'lib' },
              metrics: [
                { name: 'orders', unit: '{order}', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ asInt: '7', timeUnixNano: T, attributes: [{ key: 'payment.method', value: { stringValue: 'card' } }] }] } },
                { name: 'cpu.usage', unit: '1', gauge: { dataPoints: [{ asDouble: 0.5, timeUnixNano: T }] } },
                {
                  name: 'http.duration',
                  unit: 'ms',
                  histogram: { aggregationTemporality: 2, dataPoints: [{ timeUnixNano: T, count: '6', sum: 123.5, bucketCounts: ['1', '2', '3'], explicitBounds: [10, 100] }] },
                },
                { name: 'gc.pause', unit: 's', summary: { dataPoints: [{ timeUnixNano: T, count: 4, sum: 2, quantileValues: [{ quantile: 0.5, value: 0.4 }, { quantile: 1, value: 0.9 }] }] } },
              ],
            },
          ],
        },
      ],
    };
    const { series, metadata, rejectedDataPoints, messages } = translateOtlpMetrics(req, 0);
    expect(rejectedDataPoints).toBe(0);
    expect(messages).toEqual([]);
    expect(find(series, 'orders_total')).toEqual({
      labels: { __name__: 'orders_total', job: 'shop/checkout', instance: 'pod-1', payment_method: 'card' },
      samples: [{ timestamp: T_MS, value: 7 }],
    });
    expect(find(series, 'cpu_usage_ratio')?.samples).toEqual([{ timestamp: T_MS, value: 0.5 }]);
    expect(find(series, 'http_duration_milliseconds_bucket', { le: '10' })?.samples[0].value).toBe(1);
    expect(find(series, 'http_duration_milliseconds_bucket', { le: '100' })?.samples[0].value).toBe(3);
    expect(find(series, 'http_duration_milliseconds_bucket', { le: '+Inf' })?.samples[0].value).toBe(6);
    expect(find(series, 'http_duration_milliseconds_count')?.samples[0].value).toBe(6);
    expect(find(series, 'http_duration_milliseconds_sum')?.samples[0].value).toBe(123.5);
    expect(find(series, 'gc_pause_seconds', { quantile: '0.5' })?.samples[0].value).toBe(0.4);
    expect(find(series, 'gc_pause_seconds_count')?.samples[0].value).toBe(4);
    expect(find(series, 'target_info')).toEqual({
      labels: { __name__: 'target_info', job: 'shop/checkout', instance: 'pod-1', cloud_region: 'eu-west-1' },
      samples: [{ timestamp: T_MS, value: 1 }],
    });
    expect(metadata).toContainEqual({ metricFamilyName: 'http_duration_milliseconds', type: 'histogram', help: '', unit: 'milliseconds' });
  });

  it('turns exponential histograms into cumulative classic buckets', () => {
    const req: OtlpMetricsRequest = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'size',
                  exponentialHistogram: {
                    aggregationTemporality: 2,
                    dataPoints: [{ timeUnixNano: T, count: 6, sum: 20, scale: 0, zeroCount: 1, positive: { offset: 1, bucketCounts: [2, 3] }, negative: { offset: 0, bucketCounts: [0] } }],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const { series } = translateOtlpMetrics(req, 0);
    const le = (b: string) => find(series, 'size_bucket', { le: b })?.samples[0].value;
    // scale 0: base 2; positive offset 1 covers (2,4] and (4,8].
    expect([le('-1'), le('0'), le('4'), le('8'), le('+Inf')]).toEqual([0, 1, 3, 6, 6]);
  });

  it('marks points flagged as having no recorded value as stale and stamps missing times with the receive time', () => {
    const req: OtlpMetricsRequest = {
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'g', gauge: { dataPoints: [{ asDouble: 1, flags: 1, timeUnixNano: T }, { asDouble: 2 }] } }] }] }],
    };
    const [s] = translateOtlpMetrics(req, 42_000).series;
    expect(isStaleNaN(s.samples.find((x) => x.timestamp === T_MS)!.value)).toBe(true);
    expect(s.samples.find((x) => x.timestamp === 42_000)!.value).toBe(2);
  });
});

describeWithConformance('OTLP metrics example request', ['otlp'], (dir) => {
  it('translates every metric of the example, noting its delta temporality', () => {
    const req = JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as OtlpMetricsRequest;
    const { series, messages } = translateOtlpMetrics(req, 0);
    const names = [...new Set(series.map((s) => s.labels.__name__))].sort();
    expect(names).toEqual([
      'my_counter_total',
      'my_exponential_histogram_bucket',
      'my_exponential_histogram_count',
      'my_exponential_histogram_sum',
      'my_gauge_ratio',
      'my_histogram_bucket',
      'my_histogram_count',
      'my_histogram_sum',
    ]);
    expect(find(series, 'my_counter_total')?.labels).toEqual({ __name__: 'my_counter_total', job: 'my.service', my_counter_attr: 'some value' });
    expect(find(series, 'my_histogram_bucket', { le: '1' })?.samples).toEqual([{ timestamp: T_MS, value: 1 }]);
    expect(messages.filter((m) => m.includes('delta'))).toHaveLength(3);
  });
});
