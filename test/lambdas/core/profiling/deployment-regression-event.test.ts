import { deploymentCheckRange, deploymentRegressionEvent, deploymentRegressionEventId } from '../../../../lambdas/core/profiling/deployment-regression-event';
import type { OperationBenchmark, WindowStats } from '../../../../lambdas/core/profiling/performance-baselines';

const H = 3_600_000;
const T = Date.parse('2026-11-22T10:00:00Z');
const windows = { baselineMs: H, windowMs: H, settleMs: 5 * 60_000 };
const deployment = { id: '2026-11-22T10:00:00.000Z_abcd1234', service: 'checkout', version: 'v2', time: T };

const stats = (p95: number | null, count = 100): WindowStats => ({ count, p50: p95, p95, p99: p95, throughput: 1, errorRatio: 0 });
const bench = (operation: string, base: number, cur: number, regressed: boolean, service = 'checkout'): OperationBenchmark => ({
  service,
  operation,
  baseline: stats(base),
  current: stats(cur),
  regressed,
  reasons: regressed ? [`p95 slower x${(cur / base).toFixed(2)}`] : [],
  p95Ratio: cur / base,
  mannWhitneyP: regressed ? 1e-6 : 0.4,
});

describe('deploymentCheckRange', () => {
  it('is undefined until the post-deployment window and the settle time have passed', () => {
    expect(deploymentCheckRange(deployment, [deployment], T + H, windows)).toBeUndefined();
    expect(deploymentCheckRange(deployment, [deployment], T + H + 5 * 60_000 - 1, windows)).toBeUndefined();
    expect(deploymentCheckRange(deployment, [deployment], T + H + 5 * 60_000, windows)).toEqual({ start: T - H, end: T + H });
  });

  it("ends just before the same service's next deployment, ignoring other services", () => {
    const next = { service: 'checkout', version: 'v3', time: T + 20 * 60_000 };
    const other = { service: 'cart', version: 'x', time: T + 10 * 60_000 };
    const earlier = { service: 'checkout', version: 'v1', time: T - 30 * 60_000 };
    expect(deploymentCheckRange(deployment, [earlier, deployment, other, next], T + 30 * 60_000, windows)).toEqual({ start: T - H, end: next.time - 1 });
    // Complete once the cut window has settled, even though the nominal hour has not passed.
    expect(deploymentCheckRange(deployment, [deployment, next], T + 24 * 60_000, windows)).toBeUndefined();
    // Superseded a millisecond later: nothing after the deployment is left to judge, the verdict says too few samples.
    expect(deploymentCheckRange(deployment, [deployment, { ...next, time: T + 1 }], T + 2 * H, windows)).toEqual({ start: T - H, end: T });
  });
});

describe('deploymentRegressionEvent', () => {
  const range = { start: T - H, end: T + H };

  it('is undefined when no operation of the service regressed', () => {
    expect(deploymentRegressionEvent(deployment, [bench('GET /', 100, 104, false), bench('GET /x', 100, 150, true, 'cart')], range, T + 2 * H)).toBeUndefined();
  });

  it('headlines the worst regressed operation and carries what a receiver needs', () => {
    const event = deploymentRegressionEvent(deployment, [bench('GET /a', 100, 115, true), bench('GET /b', 200, 250, true), bench('GET /c', 50, 51, false)], range, T + 2 * H);
    expect(event).toMatchObject({ type: 'deployment.regressed', id: deploymentRegressionEventId(deployment.id, 'checkout'), occurredAt: T + 2 * H, service: 'checkout' });
    expect(event?.data).toMatchObject({
      deploymentId: deployment.id,
      version: 'v2',
      deployedAt: '2026-11-22T10:00:00.000Z',
      metric: 'latency',
      unit: 'ms',
      percentile: 'p95',
      operation: 'GET /b',
      baseline: 200,
      current: 250,
      changePercent: 25,
      threshold: { minRelativeChange: 0.1, minChangePercent: 10, alpha: 0.01 },
      window: { from: '2026-11-22T09:00:00.000Z', deployedAt: '2026-11-22T10:00:00.000Z', to: '2026-11-22T11:00:00.000Z' },
      link: '/monitoring/benchmarks?service=checkout&from=2026-11-22T09%3A00%3A00.000Z&to=2026-11-22T11%3A00%3A00.000Z',
    });
    expect((event?.data.operations as { operation: string }[]).map((o) => o.operation)).toEqual(['GET /b', 'GET /a']);
  });

  it('reports the thresholds the verdict was given', () => {
    const event = deploymentRegressionEvent(deployment, [bench('GET /a', 100, 130, true)], range, T, { minRelativeChange: 0.25, alpha: 0.05 });
    expect(event?.data.threshold).toEqual({ minRelativeChange: 0.25, minChangePercent: 25, alpha: 0.05 });
  });

  it('derives the id from the deployment and the service only', () => {
    expect(deploymentRegressionEventId('d1', 'checkout')).toBe(deploymentRegressionEventId('d1', 'checkout'));
    expect(deploymentRegressionEventId('d1', 'checkout')).not.toBe(deploymentRegressionEventId('d2', 'checkout'));
    expect(deploymentRegressionEventId('d1', 'checkout')).not.toBe(deploymentRegressionEventId('d1', 'cart'));
  });
});
