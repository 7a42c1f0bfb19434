import { SqliteTraceStore } from '../../../../lambdas/adapters/embedded/sqlite-trace-store';
import type { Span } from '../../../../lambdas/core/domain/span';
import { SpanMetricsAccumulator } from '../../../../lambdas/core/traces/span-metrics/span-metrics-accumulator';
import type { Ports } from '../../../../lambdas/core/ports';
import { normalDraw, seededRandom } from '../../core/anomaly/seeded-random';
import { call, request, testPorts } from '../api-test-kit';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** One root span per trace every 10 s over the last 4 hours; latencies log-normal around 100 ms, times `slowdown` after `deployAt`. */
function rootSpans(seed: number, deployAt: number, slowdown: number): Span[] {
  const rnd = seededRandom(seed);
  const spans: Span[] = [];
  let i = 0;
  for (let t = NOW - 4 * HOUR; t < NOW; t += 10_000, i++) {
    const ms = 100 * Math.exp(0.3 * normalDraw(rnd)) * (t >= deployAt ? slowdown : 1);
    spans.push({ traceId: hex(seed, 8) + hex(i, 24), spanId: hex(i + 1, 16), name: 'GET /cart', service: 'checkout', kind: 'server', startTime: t * 1000, duration: Math.round(ms * 1000), status: i % 50 === 0 ? 'error' : 'ok', attributes: {}, resource: {}, events: [] });
  }
  return spans;
}

async function platform(spans: Span[]): Promise<Ports> {
  const t = testPorts(NOW);
  const traces = new SqliteTraceStore(t.db);
  await traces.putSpans(spans);
  return { ...t.ports, traces };
}

const range = `from=${(NOW - 4 * HOUR) / 1000}&to=${NOW / 1000}`;

describe('deployments and benchmarks', () => {
  it('flags a 20% slowdown after a deployment, marked with it', async () => {
    const deployAt = NOW - 2 * HOUR;
    const ports = await platform(rootSpans(1, deployAt, 1.2));
    const dep = await call(ports, request('POST', '/monitoring/deployments', { body: { service: 'checkout', version: 'v42', time: new Date(deployAt).toISOString() } }));
    expect(dep.status).toBe(201);
    expect(dep.body).toMatchObject({ service: 'checkout', version: 'v42', time: new Date(deployAt).toISOString() });
    const res = await call(ports, request('GET', `/monitoring/benchmarks?${range}`));
    expect(res.status).toBe(200);
    const b = res.body.items[0];
    expect(b).toMatchObject({ service: 'checkout', operation: 'GET /cart', regressed: true, deployment: { version: 'v42' } });
    expect(b.baseline.count + b.current.count).toBe(1440);
    expect(b.current.p95 / b.baseline.p95).toBeGreaterThan(1.1);
    expect(b.baseline.p50).toBeLessThan(b.baseline.p95);
    expect(b.baseline.p95).toBeLessThanOrEqual(b.baseline.p99);
    expect(b.baseline.throughput).toBeCloseTo(0.1, 2);
    expect(b.baseline.errorRatio).toBeCloseTo(0.02, 2);
    expect(res.body.deployments).toHaveLength(1);
  });

  it('stays silent on pure noise around a deployment', async () => {
    const deployAt = NOW - 2 * HOUR;
    const ports = await platform(rootSpans(2, deployAt, 1));
    await call(ports, request('POST', '/monitoring/deployments', { body: { service: 'checkout', version: 'v43', time: deployAt / 1000 } }));
    const res = await call(ports, request('GET', `/monitoring/benchmarks?${range}`));
    expect(res.body.items[0]).toMatchObject({ regressed: false, deployment: { version: 'v43' } });
  });

  it('splits at the last window without a deployment', async () => {
    const ports = await platform(rootSpans(3, NOW - HOUR, 1.5));
    const res = await call(ports, request('GET', `/monitoring/benchmarks?${range}&window=1h`));
    expect(res.body.items[0].regressed).toBe(true);
    expect(res.body.items[0].current.count).toBe(360);
    expect(res.body.items[0].deployment).toBeUndefined();
  });

  it('lists deployments and validates them', async () => {
    const { ports } = testPorts(NOW);
    const bad = await call(ports, request('POST', '/monitoring/deployments', { body: { service: '', time: 'yesterday' } }));
    expect(bad.status).toBe(400);
    const fields = JSON.stringify(bad.body.error);
    expect(fields).toContain('service');
    await call(ports, request('POST', '/monitoring/deployments', { body: { service: 'api', version: '1.0.0' } }));
    const list = await call(ports, request('GET', '/monitoring/deployments'));
    expect(list.body.items).toEqual([expect.objectContaining({ service: 'api', version: '1.0.0', time: new Date(NOW).toISOString() })]);
  });
});

describe('benchmarks from span metrics (no stored spans)', () => {
  /** Span-metrics series as the trace processor writes them: 30 spans a minute for 4 hours, `slowdown` after `deployAt`. */
  async function seedSpanMetrics(ports: Ports, seed: number, deployAt: number, slowdown: number): Promise<void> {
    const rnd = seededRandom(seed);
    const acc = new SpanMetricsAccumulator();
    const series = [];
    let n = 0;
    for (let t = NOW - 4 * HOUR; t < NOW; t += 60_000) {
      const spans: Span[] = [];
      for (let k = 0; k < 30; k++, n++) {
        const ms = 50 * Math.exp(0.4 * normalDraw(rnd)) * (t >= deployAt ? slowdown : 1);
        spans.push({ traceId: hex(n, 32), spanId: hex(n + 1, 16), name: 'charge', service: 'payments', kind: 'server', startTime: t * 1000, duration: Math.round(ms * 1000), status: 'ok', attributes: {}, resource: {}, events: [] });
      }
      acc.observe(spans);
      series.push(...acc.flush(t + 30_000));
    }
    await ports.metrics.write(series);
  }

  it('flags a slowdown after a deployment from the histograms and stays silent on noise', async () => {
    const deployAt = NOW - 2 * HOUR;
    for (const [slowdown, regressed] of [[1.6, true], [1, false]] as const) {
      const { ports } = testPorts(NOW);
      await seedSpanMetrics(ports, slowdown === 1 ? 8 : 9, deployAt, slowdown);
      await call(ports, request('POST', '/monitoring/deployments', { body: { service: 'payments', version: 'v7', time: deployAt / 1000 } }));
      const res = await call(ports, request('GET', `/monitoring/benchmarks?${range}`));
      const b = res.body.items.find((i: { operation: string }) => i.operation === 'charge');
      expect({ slowdown, regressed: b.regressed, deployment: b.deployment.version }).toEqual({ slowdown, regressed, deployment: 'v7' });
      expect(b.baseline.p50).toBeGreaterThan(30);
      expect(b.baseline.p50).toBeLessThan(80);
    }
  });
});
