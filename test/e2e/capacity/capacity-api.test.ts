import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalPlatform, type LocalPlatform } from '../../../lambdas/local/local-platform';
import { normalDraw, seededRandom } from '../../lambdas/core/anomaly/seeded-random';

const HOUR = 3_600_000;

describe('capacity, anomalies and performance over HTTP on the local platform', () => {
  let dir: string;
  let platform: LocalPlatform;
  const now = Math.floor(Date.now() / HOUR) * HOUR;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capacity-e2e-'));
    platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: () => {}, dispatcher: { pollIntervalMs: 10 } });
    // Three weeks of hourly queue depth: daily cycle, rising trend, one spike two hours ago.
    const rnd = seededRandom(21);
    const samples = [];
    for (let i = 0; i <= 21 * 24; i++) {
      const t = now - (21 * 24 - i) * HOUR;
      samples.push({ timestamp: t, value: 50 + i * 0.05 + 10 * Math.sin((2 * Math.PI * i) / 24) + normalDraw(rnd) + (t === now - 2 * HOUR ? 80 : 0) });
    }
    await platform.ports.metrics.write([{ labels: { __name__: 'queue_depth', queue: 'orders' }, samples }]);
  });
  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const res = await fetch(`${platform.url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('forecasts a PromQL query 7 days ahead with bands', async () => {
    const res = await get(`/monitoring/capacity/forecast?query=${encodeURIComponent('max(queue_depth)')}&horizon=7d&step=1h&from=${(now - 21 * 24 * HOUR) / 1000}&to=${now / 1000}`);
    expect(res.status).toBe(200);
    expect(res.body.items[0].points).toHaveLength(168);
    expect(Object.keys(res.body.items[0].points[0]).sort()).toEqual(['lower80', 'lower95', 'timestamp', 'upper80', 'upper95', 'value']);
    expect(res.body.items[0].backtestSmape).toBeLessThan(10);
  });

  it('finds the spike as an anomaly window', async () => {
    const res = await get(`/monitoring/metrics/queue_depth/anomalies?from=${new Date(now - 24 * HOUR).toISOString()}&to=${new Date(now).toISOString()}&history=20d`);
    expect(res.status).toBe(200);
    expect(res.body.items[0].anomalies.map((a: { start: string }) => a.start)).toEqual([new Date(now - 2 * HOUR).toISOString()]);
  });

  it('records a deployment and lists benchmarks; serves the capacity report', async () => {
    const dep = await fetch(`${platform.url}/monitoring/deployments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'orders', version: 'v2' }) });
    expect(dep.status).toBe(201);
    const bench = await get('/monitoring/benchmarks');
    expect(bench.status).toBe(200);
    expect(bench.body.deployments).toEqual([expect.objectContaining({ service: 'orders', version: 'v2' })]);
    const capacity = await get('/monitoring/capacity');
    expect(capacity.status).toBe(200);
    expect(capacity.body.source).toBe('live');
  });
});
