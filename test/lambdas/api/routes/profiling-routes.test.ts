import type { Context } from 'aws-lambda';
import { CAPACITY_CONFIG_KIND } from '../../../../lambdas/core/capacity/capacity-config';
import { foldCpuProfile } from '../../../../lambdas/core/profiling/cpu-profile';
import { flameGraph, topFunctions, type FlameNode } from '../../../../lambdas/core/profiling/flame-graph';
import { CpuProfileSampler } from '../../../../lambdas/handlers/middleware/cpu-profile-sampler';
import { wrapHandler } from '../../../../lambdas/handlers/middleware/wrap-handler';
import { SqliteTraceStore } from '../../../../lambdas/adapters/embedded/sqlite-trace-store';
import type { Span } from '../../../../lambdas/core/domain/span';
import { call, request, testPorts } from '../api-test-kit';

const NOW = Date.now();
const context = { functionName: 'busy', awsRequestId: 'r1' } as Context;

function busyLoopForProfiling(ms: number): number {
  const until = Date.now() + ms;
  let x = 0;
  while (Date.now() < until) for (let i = 0; i < 1000; i++) x += Math.sqrt(i * x + 1);
  return x;
}

const sum = (n: FlameNode): number => n.children.reduce((a, c) => a + c.value, 0);

describe('profiling', () => {
  it('folds a V8 profile into stacks with self time, and builds the flame graph and top functions', () => {
    const frame = (functionName: string) => ({ functionName, url: 'file:///app/x.js', lineNumber: 9 });
    const folded = foldCpuProfile({
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2] },
        { id: 2, callFrame: frame('main'), children: [3, 4] },
        { id: 3, callFrame: frame('parse') },
        { id: 4, callFrame: frame('render') },
      ],
      startTime: 0,
      endTime: 4000,
      samples: [3, 3, 4, 2],
    });
    expect(folded.stacks).toEqual({ 'main x.js:10;parse x.js:10': 2000, 'main x.js:10;render x.js:10': 1000, 'main x.js:10': 1000 });
    const graph = flameGraph(folded);
    expect(graph).toMatchObject({ name: 'root', value: 4000, children: [{ name: 'main x.js:10', value: 4000, children: [{ name: 'parse x.js:10', value: 2000 }, { name: 'render x.js:10', value: 1000 }] }] });
    expect(topFunctions(folded, 2)).toEqual([
      { name: 'parse x.js:10', selfUs: 2000, totalUs: 2000, selfShare: 0.5 },
      { name: 'main x.js:10', selfUs: 1000, totalUs: 4000, selfShare: 0.25 },
    ]);
  });

  it('samples invocations through the middleware and serves the merged profile', async () => {
    const { ports } = testPorts(NOW);
    const sampler = new CpuProfileSampler({ share: 1, store: () => ports.state, intervalUs: 200 });
    const handler = wrapHandler(async () => busyLoopForProfiling(60), { functionName: 'busy', sink: () => undefined, profiler: sampler });
    await handler({}, context);
    await handler({}, context);
    const res = await call(ports, request('GET', '/monitoring/profiling/cpu?function=busy'));
    expect(res.status).toBe(200);
    expect(res.body.profiles).toBe(2);
    expect(res.body.functions).toEqual(['busy']);
    expect(res.body.topFunctions.some((f: { name: string }) => f.name.startsWith('busyLoopForProfiling'))).toBe(true);
    expect(res.body.flameGraph.name).toBe('root');
    expect(res.body.flameGraph.value).toBeCloseTo(sum(res.body.flameGraph), 3);
    expect(res.body.sampledMs).toBeGreaterThan(100);
  });

  it('never profiles with share 0', async () => {
    const { ports } = testPorts(NOW);
    const sampler = new CpuProfileSampler({ share: 0, store: () => ports.state });
    const handler = wrapHandler(async () => 1, { functionName: 'idle', sink: () => undefined, profiler: sampler });
    await handler({}, context);
    const res = await call(ports, request('GET', '/monitoring/profiling/cpu'));
    expect(res.body.profiles).toBe(0);
    expect(res.body.flameGraph).toEqual({ name: 'root', value: 0, children: [] });
  });

  it('gives function memory and duration, span hot spots and the process in the overview and memory views', async () => {
    const t = testPorts(NOW);
    const traces = new SqliteTraceStore(t.db);
    const span = (spanId: string, name: string, start: number, ms: number, parent?: string): Span => ({ traceId: 'a'.repeat(32), spanId, parentSpanId: parent, name, service: 'shop', kind: 'server', startTime: start * 1000, duration: ms * 1000, status: 'ok', attributes: {}, resource: {}, events: [] });
    await traces.putSpans([span('0000000000000001', 'GET /', NOW - 60_000, 100), span('0000000000000002', 'db.query', NOW - 59_990, 80, '0000000000000001')]);
    const ports = { ...t.ports, traces };
    await ports.state.put(CAPACITY_CONFIG_KIND, 'default', { functions: [{ name: 'api', memoryMb: 512, timeoutMs: 30_000 }] });
    await ports.metrics.write([
      { labels: { __name__: 'aws_lambda_insights_used_memory_max_maximum', function_name: 'api' }, samples: [{ timestamp: NOW - 120_000, value: 200 }, { timestamp: NOW - 60_000, value: 260 }] },
      { labels: { __name__: 'aws_lambda_duration_p95', function_name: 'api' }, samples: [{ timestamp: NOW - 60_000, value: 900 }] },
    ]);
    const overview = await call(ports, request('GET', '/monitoring/profiling'));
    expect(overview.status).toBe(200);
    expect(overview.body.functions).toEqual([expect.objectContaining({ name: 'api', memoryMb: 512, maxMemoryUsedMb: 260, p95DurationMs: 900 })]);
    expect(overview.body.hotSpots.items[0]).toMatchObject({ service: 'shop', operation: 'db.query', selfMs: 80 });
    expect(overview.body.hotSpots.items[1]).toMatchObject({ operation: 'GET /', selfMs: 20, totalMs: 100 });
    expect(overview.body.hotSpots.services).toEqual([{ service: 'shop', selfMs: 100, calls: 2, selfShare: 1 }]);
    expect(overview.body.process.memory.heapUsedMb).toBeGreaterThan(0);
    const memory = await call(ports, request('GET', '/monitoring/profiling/memory'));
    expect(memory.body.functions[0]).toMatchObject({ name: 'api', utilisation: 260 / 512 });
  });
});
