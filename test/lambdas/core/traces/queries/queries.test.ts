import { counterIncrease } from '../../../../../lambdas/core/traces/queries/counter-increase';
import { histogramQuantile } from '../../../../../lambdas/core/traces/queries/histogram-quantile';
import { serviceStats } from '../../../../../lambdas/core/traces/queries/service-stats';

const s = (pairs: [number, number][]) => pairs.map(([timestamp, value]) => ({ timestamp, value }));

describe('counter queries', () => {
  it('counterIncrease: baseline before the range, zero for a series born inside it, resets restart', () => {
    expect(counterIncrease(s([[0, 5], [10, 8], [20, 12]]), { start: 5, end: 25 })).toBe(7);
    expect(counterIncrease(s([[10, 8], [20, 12]]), { start: 5, end: 25 })).toBe(12);
    expect(counterIncrease(s([[0, 5], [10, 8], [20, 2]]), { start: 5, end: 25 })).toBe(5);
    expect(counterIncrease(s([[0, 5], [30, 9]]), { start: 5, end: 25 })).toBe(0);
  });

  it('histogramQuantile interpolates inside the bucket, as PromQL does', () => {
    const buckets = [{ le: 1, count: 10 }, { le: 2, count: 20 }, { le: Infinity, count: 20 }];
    expect(histogramQuantile(0.5, buckets)).toBe(1);
    expect(histogramQuantile(0.75, buckets)).toBe(1.5);
    expect(histogramQuantile(0.99, [{ le: 1, count: 1 }, { le: Infinity, count: 10 }])).toBe(1);
    expect(histogramQuantile(0.5, [{ le: Infinity, count: 0 }])).toBeNaN();
  });

  it('serviceStats counts server spans as requests and falls back to all spans', () => {
    const calls = (service: string, kind: string, status: string, v: number) => ({
      labels: { __name__: 'traces_spanmetrics_calls_total', service, span_kind: kind, status_code: status, span_name: 'x' },
      samples: s([[100, v]]),
    });
    const stats = serviceStats(
      [calls('api', 'SPAN_KIND_SERVER', 'STATUS_CODE_UNSET', 30), calls('api', 'SPAN_KIND_SERVER', 'STATUS_CODE_ERROR', 10), calls('api', 'SPAN_KIND_CLIENT', 'STATUS_CODE_UNSET', 99), calls('cron', 'SPAN_KIND_INTERNAL', 'STATUS_CODE_UNSET', 4)],
      [],
      { start: 0, end: 10_000 },
    );
    expect(stats).toEqual([
      { name: 'api', calls: 40, errors: 10, requestRate: 4, errorRatio: 0.25, latencyMs: { p50: null, p95: null, p99: null } },
      { name: 'cron', calls: 4, errors: 0, requestRate: 0.4, errorRatio: 0, latencyMs: { p50: null, p95: null, p99: null } },
    ]);
  });
});
