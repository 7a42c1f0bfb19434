import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveRequest } from '../lambdas/api/api-app';
import type { Series } from '../lambdas/core/domain/series';
import { ManualClock } from '../lambdas/core/ports/clock';
import { openEmbeddedPorts } from '../lambdas/local/embedded-ports';
import { percentile, type BenchRow } from './bench-row';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const DAY = 86_400_000;
// One sample a minute: 24 h x 1,000 series = 1.44 M samples in the local SQLite store.
const INTERVAL = 60_000;
const SERVICES = 10;
const COLD_RUNS = 8;
const WARM_RUNS = 40;

/** 500 request counters (service x instance x code) and 500 latency gauges (service x instance). */
function dataset(): Series[] {
  const out: Series[] = [];
  const times: number[] = [];
  for (let t = NOW - DAY - 600_000; t <= NOW; t += INTERVAL) times.push(t);
  for (let s = 0; s < SERVICES; s++) {
    for (let i = 0; i < 10; i++) {
      for (const code of ['200', '201', '404', '500', '503']) {
        const rate = (s + 1) * (code.startsWith('5') ? 0.05 : 1) * (1 + i / 10);
        out.push({ labels: { __name__: 'bench_requests_total', service: `svc-${s}`, instance: `i-${i}`, code }, samples: times.map((t, k) => ({ timestamp: t, value: k * rate * 60 })) });
      }
    }
    for (let i = 0; i < 50; i++) {
      out.push({
        labels: { __name__: 'bench_latency_seconds', service: `svc-${s}`, instance: `j-${i}` },
        samples: times.map((t, k) => ({ timestamp: t, value: 0.05 + 0.01 * s + 0.02 * Math.sin(k / 30 + i) })),
      });
    }
  }
  return out;
}

const pq = (expr: string, extra: Record<string, unknown> = {}) => [{ refId: 'A', kind: 'promql', expr, ...extra }];
const SVC = 'service=~"$service"';

/** Twelve PromQL panels of the usual kinds over the 1,000 series. */
function dashboard() {
  const panels = [
    ['timeseries', `sum by (service) (rate(bench_requests_total{${SVC}}[$__rate_interval]))`],
    ['timeseries', `sum by (service) (rate(bench_requests_total{code=~"5..", ${SVC}}[$__rate_interval])) / sum by (service) (rate(bench_requests_total{${SVC}}[$__rate_interval]))`],
    ['timeseries', `avg by (service) (bench_latency_seconds{${SVC}})`],
    ['timeseries', `max by (service) (bench_latency_seconds{${SVC}})`],
    ['stat', `sum(rate(bench_requests_total{${SVC}}[$__rate_interval]))`],
    ['stat', `sum(increase(bench_requests_total{${SVC}}[$__range]))`, { instant: true }],
    ['gauge', `avg(bench_latency_seconds{${SVC}})`],
    ['bar', `topk(5, sum by (instance) (rate(bench_requests_total{${SVC}}[1h])))`, { instant: true }],
    ['table', `sum by (service, code) (rate(bench_requests_total{${SVC}}[$__rate_interval]))`, { instant: true }],
    ['timeseries', `quantile by (service) (0.9, bench_latency_seconds{${SVC}})`],
    ['timeseries', `sum by (code) (rate(bench_requests_total{${SVC}}[$__rate_interval]))`],
    ['heatmap', `count by (service) (bench_latency_seconds{${SVC}} > 0.07)`],
  ] as const;
  return {
    id: 'bench',
    schemaVersion: 1,
    title: 'Bench',
    timeRange: { from: 'now-24h', to: 'now' },
    variables: [{ name: 'service', type: 'query', query: 'label_values(bench_requests_total, service)', multi: true, includeAll: true, current: '$__all' }],
    panels: panels.map(([type, expr, extra], i) => ({ id: i + 1, title: `panel ${i + 1}`, type, gridPos: { x: (i % 4) * 6, y: Math.floor(i / 4) * 8, w: 6, h: 8 }, queries: pq(expr, extra ?? {}) })),
  };
}

/**
 * Render latency of a 12-panel dashboard over 24 h of 1,000 series at a 5-minute step, in
 * local mode (SQLite store, the API router, JSON out): cold (nothing cached: every run asks a
 * range the cache has not seen) and warm (the same render again within the cache's life).
 */
export default async function dashboardsBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dash-bench-'));
  const clock = new ManualClock(NOW);
  const embedded = openEmbeddedPorts(dir, clock);
  try {
    const ports = embedded.ports;
    const series = dataset();
    for (let i = 0; i < series.length; i += 50) await ports.metrics.write(series.slice(i, i + 50));
    const call = async (method: string, path: string, body?: unknown) => {
      const url = new URL(path, 'http://x');
      const query: Record<string, string[]> = {};
      for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
      const { response } = await serveRequest(
        'api',
        { method, path: url.pathname, query, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? Buffer.from(JSON.stringify(body)) : undefined, requestId: 'bench' },
        () => ports,
      );
      if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${String(response.body)}`);
      return JSON.parse(String(response.body)) as { cached?: boolean; panels?: { queries: { error?: string; series?: unknown[] }[] }[] };
    };
    await call('POST', '/monitoring/dashboards', dashboard());
    const url = (end: number) => `/monitoring/dashboards/bench/render?from=${(end - DAY) / 1000}&to=${end / 1000}&step=5m`;
    const cold: number[] = [];
    const coldCpu: number[] = [];
    let points = 0;
    for (let i = 0; i < COLD_RUNS; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const res = await call('GET', url(NOW - i * 1000));
      cold.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      coldCpu.push((c.user + c.system) / 1000);
      if (res.cached) throw new Error('a cold run was answered from the cache');
      const failed = res.panels!.flatMap((p) => p.queries).filter((q) => q.error || !q.series?.length);
      if (failed.length) throw new Error(`panels without data: ${JSON.stringify(failed).slice(0, 300)}`);
      points = res.panels!.length;
    }
    const warm: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const t0 = performance.now();
      const res = await call('GET', url(NOW));
      warm.push(performance.now() - t0);
      if (!res.cached) throw new Error('a warm run missed the cache');
    }
    const row = (name: string, value: number, target?: number): BenchRow => ({
      area: 'dashboards',
      name,
      value,
      unit: 'ms',
      ...(target !== undefined && { target: `< ${target}`, ok: value < target }),
    });
    return [
      row(`render ${points} panels, 24 h x 1,000 series, 5m step, cold p50`, percentile(cold, 50)),
      row(`render ${points} panels, 24 h x 1,000 series, 5m step, cold p95`, percentile(cold, 95), 2000),
      // CPU time of this process per cold render: the figure to read when the machine is shared.
      row(`render ${points} panels, 24 h x 1,000 series, 5m step, cold p95 CPU time`, percentile(coldCpu, 95)),
      row(`render ${points} panels, 24 h x 1,000 series, 5m step, warm p50`, percentile(warm, 50)),
      row(`render ${points} panels, 24 h x 1,000 series, 5m step, warm p95`, percentile(warm, 95), 300),
    ];
  } finally {
    embedded.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
