import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalPlatform, type LocalPlatform } from '../../../lambdas/local/local-platform';
import { byKey, prometheusBinary, startPrometheus, valuesAgree, type PrometheusProcess } from './prometheus-helpers';

const binary = prometheusBinary();
const maybe = binary ? describe : describe.skip;
if (!binary) {
  console.warn('prometheus end-to-end test skipped: no prometheus binary; install it with `apt-get install -y prometheus` (scripts/install-test-peers.sh does in CI)');
}

interface ApiAnswer {
  status: string;
  data: { resultType: string; result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] };
}

async function ask(base: string, path: string, params: Record<string, string>): Promise<ApiAnswer> {
  const res = await fetch(`${base}${path}?${new URLSearchParams(params)}`);
  const body = (await res.json()) as ApiAnswer;
  if (res.status !== 200 || body.status !== 'success') throw new Error(`${base}${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

// Windows shorter than the data's age: where a window reaches back before a series' first sample,
// Prometheus 2 and 3 extrapolate rate() differently, and the Debian package is Prometheus 2.
const QUERIES = [
  'up',
  'rate(prometheus_http_requests_total[10s])',
  'sum by (job) (rate(prometheus_http_requests_total[10s]))',
  'histogram_quantile(0.9, rate(prometheus_http_request_duration_seconds_bucket[10s]))',
  'sum by (job, handler) (increase(prometheus_http_request_duration_seconds_count[10s]))',
  'max_over_time(prometheus_tsdb_head_series[10s]) - min_over_time(prometheus_tsdb_head_series[10s])',
];

maybe('a real Prometheus remote-writing to the local platform', () => {
  let dir: string;
  let platform: LocalPlatform;
  let prometheus: PrometheusProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prom-e2e-'));
    platform = await startLocalPlatform({ dataDir: join(dir), port: 0, schedules: false, log: () => {}, dispatcher: { pollIntervalMs: 20 } });
    prometheus = await startPrometheus(binary!, dir, `${platform.url}/api/v1/write`);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the same PromQL queries with the same series and values as Prometheus itself', async () => {
    // Touch every handler the comparison uses first, so no series is born inside a compared window.
    await fetch(`${prometheus.url}/api/v1/query_range?query=up&start=0&end=1&step=1`);
    await fetch(`${prometheus.url}/api/v1/query?query=up`);
    // Let two dozen scrapes happen, with queries in between so request counters move.
    let stamps: number[] = [];
    const started = Date.now();
    while (stamps.length < 24) {
      if (Date.now() - started > 60_000) throw new Error(`prometheus scraped only ${stamps.length} times: ${prometheus.output.join('')}`);
      await new Promise((r) => setTimeout(r, 1000));
      // Sample timestamps of the self-scrape, to evaluate between them (where closed and left-open ranges agree).
      const raw = await ask(prometheus.url, '/api/v1/query', { query: 'up[30s]', time: String(Date.now() / 1000) });
      stamps = (raw.data.result[0]?.values ?? []).map(([t]) => Math.round(t * 1000));
    }
    const mids = stamps.slice(1).map((t, i) => Math.round((t + stamps[i]) / 2));
    const evalTimes = mids.slice(-7, -3);
    const lastEval = evalTimes[evalTimes.length - 1];
    // The platform must have every series' samples up to the evaluation times (remote_write shards
    // send series independently): wait until both count the same samples over the compared window.
    const barrier = { query: '{__name__=~".+"}[40s]', time: String((lastEval + 1500) / 1000) };
    const samplesIn = (a: ApiAnswer) => a.data.result.reduce((n, s) => n + (s.values?.length ?? 0), 0);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const want = samplesIn(await ask(prometheus.url, '/api/v1/query', barrier));
      const got = samplesIn(await ask(platform.url, '/api/v1/query', barrier));
      if (want > 0 && want === got) break;
      if (Date.now() > deadline) throw new Error(`the platform holds ${got} samples, Prometheus ${want}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    const mismatches: string[] = [];
    let compared = 0;
    const compare = (label: string, expected: ApiAnswer, actual: ApiAnswer) => {
      const want = byKey(expected.data);
      const got = byKey(actual.data);
      expect(actual.data.resultType).toBe(expected.data.resultType);
      for (const [key, points] of want) {
        const mine = got.get(key);
        if (!mine) {
          mismatches.push(`${label}: missing series ${key}`);
          continue;
        }
        if (mine.length !== points.length) mismatches.push(`${label}: ${key} has ${mine.length} points, Prometheus ${points.length}`);
        points.forEach(([t, v], i) => {
          compared++;
          if (mine[i]?.[0] !== t || !valuesAgree(mine[i]?.[1] ?? 'missing', v)) mismatches.push(`${label}: ${key} at ${t}: ${mine[i]?.join(' ')} vs ${v}`);
        });
      }
      for (const key of got.keys()) if (!want.has(key)) mismatches.push(`${label}: extra series ${key}`);
    };

    for (const query of QUERIES) {
      for (const t of evalTimes) {
        const params = { query, time: String(t / 1000) };
        compare(`${query} @ ${t}`, await ask(prometheus.url, '/api/v1/query', params), await ask(platform.url, '/api/v1/query', params));
      }
      const range = { query, start: String((evalTimes[0] - 4000) / 1000), end: String(lastEval / 1000), step: '1' };
      compare(`${query} range`, await ask(prometheus.url, '/api/v1/query_range', range), await ask(platform.url, '/api/v1/query_range', range));
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(100);

    // Metadata sent with remote_write is served back.
    const meta = (await (await fetch(`${platform.url}/api/v1/metadata?metric=prometheus_http_requests_total`)).json()) as { data: Record<string, { type: string }[]> };
    expect(meta.data.prometheus_http_requests_total?.[0]?.type).toBe('counter');
  }, 90_000);
});
