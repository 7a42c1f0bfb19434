import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTraceProcessor } from '../../../lambdas/handlers/trace-processor';
import { startLocalPlatform, type LocalPlatform } from '../../../lambdas/local/local-platform';

/**
 * Acceptance: three Node HTTP services (frontend → api → db-service), each a child process
 * preloading the real OpenTelemetry SDK (HTTP instrumentation, W3C propagation, OTLP/HTTP
 * exporter: protobuf+gzip, JSON, protobuf), export to a local platform whose tail sampling
 * keeps everything. 1,000 requests; every 10th fails in db-service.
 */
const REQUESTS = 1000;
const FAIL_MODULUS = 10;
const FAIL_REMAINDER = 7;
const FAILING = Array.from({ length: REQUESTS }, (_, i) => i).filter((i) => i % FAIL_MODULUS === FAIL_REMAINDER).length;
const FIXTURES = join(__dirname, 'fixtures');

function otelAvailable(): string | undefined {
  for (const m of ['@opentelemetry/sdk-trace-node', '@opentelemetry/instrumentation-http', '@opentelemetry/exporter-trace-otlp-proto', '@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/resources']) {
    try {
      require.resolve(m);
    } catch {
      return m;
    }
  }
  return undefined;
}

const missing = otelAvailable();
const describeIfOtel = missing ? describe.skip : describe;
if (missing) console.warn(`three-services e2e skipped: ${missing} is not installed`);

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
}

function startService(name: string, env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['-r', join(FIXTURES, 'otel-setup.js'), join(FIXTURES, 'service.js')], {
    env: { ...process.env, SERVICE_NAME: name, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${err}`)), 15_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` });
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${err}`)));
  });
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

describeIfOtel('traces e2e: three instrumented services against the local platform', () => {
  let dir: string;
  let platform: LocalPlatform;
  const services: Running[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traces-e2e-'));
    platform = await startLocalPlatform({
      dataDir: dir,
      port: 0,
      schedules: false,
      log: () => undefined,
      dispatcher: { pollIntervalMs: 10, batchSize: 200 },
      processors: { traces: createTraceProcessor({ tail: { baseProbability: 1, decisionWaitMs: 0 }, metricsFlushMs: 0 }) },
    });
    const otlp = `${platform.url}/v1/traces`;
    const db = await startService('db-service', { OTLP_TRACES_URL: otlp, OTLP_PROTOCOL: 'protobuf', FAIL_MODULUS: String(FAIL_MODULUS), FAIL_REMAINDER: String(FAIL_REMAINDER) });
    const api = await startService('api', { OTLP_TRACES_URL: otlp, OTLP_PROTOCOL: 'json', NEXT_URL: db.url });
    const frontend = await startService('frontend', { OTLP_TRACES_URL: otlp, OTLP_PROTOCOL: 'protobuf', OTLP_COMPRESSION: 'gzip', NEXT_URL: api.url });
    services.push(frontend, api, db);
  }, 30_000);

  afterAll(async () => {
    for (const s of services) s.child.kill('SIGKILL');
    await platform?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('captures every trace whole, the exact service graph and where the error originated', async () => {
    const [frontend] = services;
    let next = 0;
    const statuses = new Map<number, number>();
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < REQUESTS) {
          const i = next++;
          const res = await fetch(`${frontend.url}/work?i=${i}`);
          await res.text();
          statuses.set(i, res.status);
        }
      }),
    );
    expect([...statuses.values()].filter((s) => s !== 200)).toHaveLength(FAILING);
    await Promise.all(services.map((s) => fetch(`${s.url}/__flush`).then((r) => r.text())));

    // Poll until every trace has its five spans (frontend server+client, api server+client, db server).
    type Summary = { traceId: string; spanCount: number; errorCount: number; services: string[] };
    let summaries: Summary[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      summaries = [];
      let cursor: string | undefined;
      do {
        const page = await getJson<{ items: Summary[]; nextCursor?: string }>(`${platform.url}/monitoring/traces?service=frontend&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        summaries.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      if (summaries.length === REQUESTS && summaries.every((s) => s.spanCount >= 5)) break;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(summaries).toHaveLength(REQUESTS);
    expect(summaries.filter((s) => s.spanCount !== 5)).toEqual([]);
    expect(summaries.every((s) => s.services.join() === 'api,db-service,frontend')).toBe(true);

    // Parent links: frontend server (root) → frontend client → api server → api client → db-service server.
    let failedTraces = 0;
    let failedExample = '';
    for (const s of summaries) {
      const spans = await platform.ports.traces.getTrace(s.traceId);
      const byId = new Map(spans.map((x) => [x.spanId, x]));
      const root = spans.filter((x) => x.parentSpanId === undefined);
      expect(root).toHaveLength(1);
      expect(root[0]).toMatchObject({ service: 'frontend', kind: 'server' });
      const dbServer = spans.find((x) => x.service === 'db-service' && x.kind === 'server')!;
      const chain = [dbServer];
      for (let p = dbServer.parentSpanId; p !== undefined; p = byId.get(p)?.parentSpanId) chain.push(byId.get(p)!);
      expect(chain.map((x) => `${x.service}/${x.kind}`)).toEqual(['db-service/server', 'api/client', 'api/server', 'frontend/client', 'frontend/server']);
      if (dbServer.status === 'error') {
        failedTraces++;
        failedExample = s.traceId;
      }
    }
    expect(failedTraces).toBe(FAILING);

    // The error is reported as originating in the third service, and propagating up to the root.
    const view = await getJson<{ errorOrigin: { service: string; chain: { service: string }[]; propagated: number }; spans: { depth: number; errorRole?: string }[] }>(
      `${platform.url}/monitoring/traces/${failedExample}`,
    );
    expect(view.errorOrigin.service).toBe('db-service');
    expect(view.errorOrigin.chain[view.errorOrigin.chain.length - 1].service).toBe('frontend');
    expect(view.spans.map((x) => x.depth)).toEqual([0, 1, 2, 3, 4]);

    // The service graph: exactly the real edges (and the virtual user in front of the root), with exact counts.
    const graph = await getJson<{ edges: { source: string; target: string; calls: number; errors: number }[] }>(`${platform.url}/monitoring/dependencies`);
    expect(graph.edges.map((e) => ({ source: e.source, target: e.target, calls: e.calls, errors: e.errors }))).toEqual([
      { source: 'api', target: 'db-service', calls: REQUESTS, errors: FAILING },
      { source: 'frontend', target: 'api', calls: REQUESTS, errors: FAILING },
      { source: 'user', target: 'frontend', calls: REQUESTS, errors: FAILING },
    ]);

    // Per-service request statistics from the span metrics.
    const stats = await getJson<{ items: { name: string; calls: number; errors: number; errorRatio: number; latencyMs: { p95: number | null } }[] }>(`${platform.url}/monitoring/services`);
    const byName = Object.fromEntries(stats.items.map((x) => [x.name, x]));
    for (const name of ['frontend', 'api', 'db-service']) {
      expect(byName[name]).toMatchObject({ calls: REQUESTS, errors: FAILING, errorRatio: FAILING / REQUESTS });
      expect(byName[name].latencyMs.p95).toBeGreaterThan(0);
    }

    // Jaeger's view of the same data.
    const jaeger = await getJson<{ data: { traceID: string; spans: unknown[]; processes: Record<string, { serviceName: string }> }[] }>(`${platform.url}/api/traces/${failedExample}`);
    expect(jaeger.data[0].spans).toHaveLength(5);
    expect(new Set(Object.values(jaeger.data[0].processes).map((p) => p.serviceName))).toEqual(new Set(['frontend', 'api', 'db-service']));
  }, 60_000);
});
