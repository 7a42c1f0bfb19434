import type { Span } from '../../../../lambdas/core/domain/span';
import { summarizeTrace } from '../../../../lambdas/core/traces/analysis/summarize-trace';
import { TraceBatchProcessor } from '../../../../lambdas/core/traces/processing/trace-batch-processor';
import { buildServiceGraph } from '../../../../lambdas/core/traces/service-graph/build-service-graph';
import { generateWorkload } from '../../core/traces/support/workload';
import { call, request, testPorts } from '../api-test-kit';

const TRACES = 20;

/** Ports with the workload's spans stored and its span-metrics and service-graph series written, as the processor would. */
async function loaded() {
  const t = testPorts();
  const spans = generateWorkload(TRACES);
  t.traces.spans.push(...spans);
  const byTrace = new Map<string, Span[]>();
  for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  t.traces.summaries.push(...[...byTrace.values()].map((list) => summarizeTrace(list)));
  const p = new TraceBatchProcessor({ metricsFlushMs: 0, tail: { decisionWaitMs: 0 } });
  const first = p.process([{ id: 'e1', spans }], t.clock.now());
  await t.ports.metrics.write(first.series);
  // Past the pairing wait, unanswered client halves settle to their virtual peers.
  t.clock.advance(11_000);
  await t.ports.metrics.write(p.process([], t.clock.now()).series);
  t.clock.advance(1_000);
  return { ...t, spans, traceIds: [...byTrace.keys()] };
}

describe('trace API shapes', () => {
  it('GET /monitoring/dependencies: the graph from service-graph series equals the graph built from the spans', async () => {
    const t = await loaded();
    const res = await call(t.ports, request('GET', '/monitoring/dependencies'));
    expect(res.status).toBe(200);
    const pick = (edges: { source: string; target: string; calls: number; errors: number }[]) => edges.map(({ source, target, calls, errors }) => ({ source, target, calls, errors }));
    expect(pick(res.body.edges)).toEqual(pick(buildServiceGraph(t.spans).edges));
    expect(res.body.edges.find((e: { source: string; target: string }) => e.source === 'api' && e.target === 'auth')).toMatchObject({ calls: 10, errors: 2 });
    expect(res.body.nodes.find((n: { id: string }) => n.id === 'user')).toMatchObject({ type: 'external' });
  });

  it('GET /monitoring/dependencies?format=dot|mermaid answers text; an unknown format is a 400', async () => {
    const t = await loaded();
    const { serveRequest } = await import('../../../../lambdas/api/api-app');
    const dot = (await serveRequest('api', request('GET', '/monitoring/dependencies?format=dot'), () => t.ports)).response;
    expect(dot.headers?.['content-type']).toMatch(/text\/vnd\.graphviz/);
    expect(String(dot.body)).toContain('"frontend" -> "api"');
    const mermaid = (await serveRequest('api', request('GET', '/monitoring/dependencies?format=mermaid'), () => t.ports)).response;
    expect(String(mermaid.body)).toMatch(/^flowchart LR/);
    const bad = await call(t.ports, request('GET', '/monitoring/dependencies?format=png'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_argument');
  });

  it('GET /monitoring/services: rate, error ratio and quantiles per service from span metrics', async () => {
    const t = await loaded();
    const res = await call(t.ports, request('GET', '/monitoring/services'));
    const byName = Object.fromEntries(res.body.items.map((s: { name: string }) => [s.name, s]));
    expect(Object.keys(byName)).toEqual(['api', 'auth', 'frontend', 'worker']);
    expect(byName.auth).toMatchObject({ calls: 10, errors: 2, errorRatio: 0.2 });
    expect(byName.auth.requestRate).toBeCloseTo(10 / 3600, 9);
    expect(byName.frontend).toMatchObject({ calls: TRACES, errors: 0 });
    // frontend roots last 9 ms: inside Tempo's (0.008, 0.016] s bucket.
    expect(byName.frontend.latencyMs.p50).toBeGreaterThan(8);
    expect(byName.frontend.latencyMs.p99).toBeLessThanOrEqual(16);
    expect((await call(t.ports, request('GET', '/monitoring/services?from=bad'))).status).toBe(400);
  });

  it('GET /monitoring/traces/{id}: tree with depth and self time, critical path, error origin with its chain, and logs', async () => {
    const t = await loaded();
    const traceId = t.traceIds[0];
    const root = t.spans.find((s) => s.traceId === traceId && !s.parentSpanId)!;
    t.logs.records.push({ id: 'l1', timestamp: Math.floor(root.startTime / 1000) + 1, service: 'auth', level: 'error', message: 'token expired', attributes: {}, traceId });
    const res = await call(t.ports, request('GET', `/monitoring/traces/${traceId}`));
    expect(res.status).toBe(200);
    const v = res.body;
    expect(v.summary).toMatchObject({ traceId, rootService: 'frontend', spanCount: t.spans.filter((s) => s.traceId === traceId).length });
    expect(v.spans[0]).toMatchObject({ spanId: root.spanId, depth: 0 });
    expect(v.spans.every((s: { selfTime: number }) => typeof s.selfTime === 'number' && s.selfTime >= 0)).toBe(true);
    expect(v.criticalPath.total).toBe(root.duration);
    expect(v.errorOrigin).toMatchObject({ service: 'auth', name: 'verify', propagated: 2 });
    expect(v.errorOrigin.chain.map((c: { service: string }) => c.service)).toEqual(['auth', 'api', 'api', 'frontend', 'frontend']);
    expect(v.spans.find((s: { service: string }) => s.service === 'auth').errorRole).toBe('origin');
    expect(v.logs).toEqual([expect.objectContaining({ id: 'l1', message: 'token expired' })]);
    expect(t.logs.queries[0]).toMatchObject({ traceId, order: 'asc' });
    expect((await call(t.ports, request('GET', '/monitoring/traces/nothex'))).status).toBe(400);
  });

  it('GET /monitoring/traces filters by attributes over whole traces and validates them', async () => {
    const t = await loaded();
    const all = await call(t.ports, request('GET', '/monitoring/traces?attribute=db.name=orders'));
    expect(all.body.items).toHaveLength(TRACES);
    const none = await call(t.ports, request('GET', '/monitoring/traces?attribute=peer.service=payments&attribute=http.method=GET'));
    expect(none.body.items).toHaveLength(0);
    const some = await call(t.ports, request('GET', '/monitoring/traces?attribute=peer.service=payments'));
    expect(some.body.items).toHaveLength(7);
    expect((await call(t.ports, request('GET', '/monitoring/traces?attribute=novalue'))).status).toBe(400);
  });
});

describe('Jaeger query API', () => {
  it('GET /api/traces/{id}: Jaeger JSON with references, typed tags, logs and processes', async () => {
    const t = await loaded();
    const traceId = t.traceIds[0];
    const res = await call(t.ports, request('GET', `/api/traces/${traceId}`));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, limit: 0, offset: 0, errors: null });
    const trace = res.body.data[0];
    expect(trace.traceID).toBe(traceId);
    const child = trace.spans.find((s: { references: unknown[] }) => s.references.length > 0);
    expect(child.references[0]).toEqual({ refType: 'CHILD_OF', traceID: traceId, spanID: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(Number.isInteger(child.startTime) && Number.isInteger(child.duration)).toBe(true);
    expect(child.tags).toEqual(expect.arrayContaining([{ key: 'http.method', type: 'string', value: 'POST' }, { key: 'span.kind', type: 'string', value: expect.any(String) }]));
    const auth = trace.spans.find((s: { operationName: string }) => s.operationName === 'verify');
    expect(auth.tags).toEqual(expect.arrayContaining([{ key: 'error', type: 'bool', value: true }]));
    expect(trace.processes[auth.processID].serviceName).toBe('auth');
    expect(Object.values(trace.processes).map((p) => (p as { serviceName: string }).serviceName).sort()).toEqual(['api', 'auth', 'frontend', 'worker']);
    const missing = await call(t.ports, request('GET', `/api/traces/${'f'.repeat(32)}`));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ data: null, errors: [{ code: 404, msg: 'trace not found' }], error: { code: 'not_found' } });
  });

  it('GET /api/services and /api/services/{s}/operations', async () => {
    const t = await loaded();
    const now = t.clock.now();
    // Services come from stored spans (stamped 2023), operations from span metrics (written now).
    t.clock.set(Math.floor(t.spans[0].startTime / 1000) + 60_000);
    expect((await call(t.ports, request('GET', '/api/services'))).body.data).toEqual(['api', 'auth', 'frontend', 'worker']);
    t.clock.set(now);
    const ops = await call(t.ports, request('GET', '/api/services/api/operations'));
    expect(ops.body.data).toEqual(expect.arrayContaining(['POST /orders', 'SELECT orders', 'GET /verify']));
    const v2 = await call(t.ports, request('GET', '/api/operations?service=api&spanKind=server'));
    expect(v2.body.data).toEqual([{ name: 'POST /orders', spanKind: 'server' }]);
  });

  it('GET /api/traces searches with Jaeger parameters and validates them', async () => {
    const t = await loaded();
    const startUs = t.spans[0].startTime - 1;
    const endUs = startUs + 3_600_000_000;
    const res = await call(t.ports, request('GET', `/api/traces?service=frontend&start=${startUs}&end=${endUs}&limit=5&minDuration=1ms&maxDuration=1s&tags=${encodeURIComponent('{"peer.service":"payments"}')}`));
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.length).toBeLessThanOrEqual(5);
    expect(t.traces.searches[0]).toMatchObject({ service: 'frontend', minDuration: 1000, maxDuration: 1_000_000, range: { start: Math.floor(startUs / 1000) } });
    for (const q of ['limit=0', 'limit=abc', 'minDuration=fast', 'tags=%7Bbad', 'start=2&end=1']) {
      const bad = await call(t.ports, request('GET', `/api/traces?service=frontend&${q}`));
      expect({ q, status: bad.status }).toEqual({ q, status: 400 });
      expect(bad.body.errors[0].code).toBe(400);
      expect(bad.body.error.code).toBe('invalid_argument');
    }
    expect((await call(t.ports, request('GET', '/api/traces'))).status).toBe(400);
  });

  it('GET /api/dependencies: parent, child and call count', async () => {
    const t = await loaded();
    const res = await call(t.ports, request('GET', '/api/dependencies'));
    expect(res.body.data).toEqual(expect.arrayContaining([{ parent: 'frontend', child: 'api', callCount: TRACES }]));
  });
});
