import type { Span } from '../lambdas/core/domain/span';
import { criticalPath } from '../lambdas/core/traces/analysis/critical-path';
import { errorOrigin } from '../lambdas/core/traces/analysis/error-origin';
import { selfTimes } from '../lambdas/core/traces/analysis/self-times';
import { buildSpanTree } from '../lambdas/core/traces/analysis/span-tree';
import { decodeOtlpTraces } from '../lambdas/core/traces/decoding/decode-otlp-traces';
import { decodeZipkinSpans } from '../lambdas/core/traces/decoding/decode-zipkin-spans';
import { DependencyGraphBuilder } from '../lambdas/core/traces/service-graph/dependency-graph-builder';
import { EdgePairer } from '../lambdas/core/traces/service-graph/edge-pairer';
import { ServiceGraphMetricsAccumulator } from '../lambdas/core/traces/span-metrics/service-graph-metrics-accumulator';
import { SpanMetricsAccumulator } from '../lambdas/core/traces/span-metrics/span-metrics-accumulator';
import { generateWorkload, toOtlpJson } from '../test/lambdas/core/traces/support/workload';
import { percentile, type BenchRow } from './bench-row';
import { processorThroughput, traceViewLatency } from './traces-platform';

const TARGET_SPANS_PER_S = 50_000;

// Realistic payloads carry more attributes than the topology needs.
function withAttributes(spans: Span[]): Span[] {
  return spans.map((s, i) => ({
    ...s,
    attributes: {
      ...s.attributes,
      'http.url': `https://shop.example.com/api/v1/orders/${i}?expand=items`,
      'http.status_code': 200,
      'http.user_agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
      'net.peer.name': 'ip-10-0-12-34.ec2.internal',
      'thread.name': 'http-nio-8080-exec-7',
      'code.function': 'handleRequest',
    },
  }));
}

/** Splits the workload into OTLP/JSON bodies of whole traces, as ingest would put them on the stream. */
function bodies(traces: number, tracesPerBatch: number): { texts: string[]; spans: number; bytes: number } {
  const texts: string[] = [];
  let spans = 0;
  for (let t = 0; t < traces; t += tracesPerBatch) {
    const batch = withAttributes(generateWorkload(tracesPerBatch, 1_700_000_000_000_000 + t * 10_000).map((s) => ({ ...s, traceId: s.traceId.slice(0, 8) + t.toString(16).padStart(8, '0') + s.traceId.slice(16) })));
    spans += batch.length;
    texts.push(JSON.stringify(toOtlpJson(batch)));
  }
  return { texts, spans, bytes: texts.reduce((a, t) => a + t.length, 0) };
}

function pipelineThroughput(texts: readonly string[], spans: number, withAnalytics: boolean): number {
  const spanMetrics = new SpanMetricsAccumulator();
  const graphMetrics = new ServiceGraphMetricsAccumulator();
  const graph = new DependencyGraphBuilder();
  const pairer = new EdgePairer({ maxItems: 50_000 });
  let decoded = 0;
  const c0 = process.cpuUsage();
  for (const text of texts) {
    const { spans: batch } = decodeOtlpTraces(JSON.parse(text));
    decoded += batch.length;
    if (!withAnalytics) continue;
    spanMetrics.observe(batch);
    const edges = pairer.add(batch, 0);
    graphMetrics.observe(edges);
    graph.add(edges);
  }
  if (withAnalytics) {
    const rest = pairer.flush();
    graphMetrics.observe(rest);
    graph.add(rest);
    spanMetrics.flush(Date.now());
    graphMetrics.flush(Date.now());
  }
  const seconds = cpuSeconds(c0);
  if (decoded !== spans) throw new Error(`decoded ${decoded} of ${spans} spans`);
  return spans / seconds;
}

function zipkinBodies(spans: readonly Span[]): { texts: string[] } {
  const kinds: Record<string, string | undefined> = { client: 'CLIENT', server: 'SERVER', producer: 'PRODUCER', consumer: 'CONSUMER' };
  const texts: string[] = [];
  for (let i = 0; i < spans.length; i += 500) {
    const batch = spans.slice(i, i + 500).map((s) => ({
      traceId: s.traceId,
      id: s.spanId,
      ...(s.parentSpanId ? { parentId: s.parentSpanId } : {}),
      name: s.name,
      timestamp: s.startTime,
      duration: s.duration,
      ...(kinds[s.kind] ? { kind: kinds[s.kind] } : {}),
      localEndpoint: { serviceName: s.service, ipv4: '10.0.0.1' },
      tags: Object.fromEntries(Object.entries(s.attributes).map(([k, v]) => [k, String(v)])),
    }));
    texts.push(JSON.stringify(batch));
  }
  return { texts };
}

function zipkinThroughput(texts: readonly string[]): number {
  let n = 0;
  const c0 = process.cpuUsage();
  for (const t of texts) n += decodeZipkinSpans(JSON.parse(t)).spans.length;
  return n / cpuSeconds(c0);
}

/** A 1,000-span trace over 8 services: random fan-out, some errors, cross-service client/server hops. */
function bigTrace(size: number): Span[] {
  let seed = 7;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const spans: Span[] = [];
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const base = 1_700_000_000_000_000;
  for (let i = 0; i < size; i++) {
    const parent = i === 0 ? undefined : spans[Math.floor(rnd() * i)];
    const start = parent ? parent.startTime + Math.floor(rnd() * parent.duration * 0.5) : base;
    const duration = parent ? Math.max(1, Math.floor((parent.startTime + parent.duration - start) * rnd())) : 5_000_000;
    const service = parent && rnd() < 0.3 ? `svc-${Math.floor(rnd() * 8)}` : (parent?.service ?? 'svc-0');
    spans.push({
      traceId,
      spanId: (i + 1).toString(16).padStart(16, '0'),
      ...(parent ? { parentSpanId: parent.spanId } : {}),
      name: `op-${i % 40}`,
      service,
      kind: parent && service !== parent.service ? 'server' : 'internal',
      // Some clock skew on cross-service hops.
      startTime: start + (parent && service !== parent.service ? Math.floor((rnd() - 0.5) * 2000) : 0),
      duration,
      status: rnd() < 0.02 ? 'error' : 'unset',
      attributes: {},
      resource: { 'service.name': service },
      events: [],
    });
  }
  return spans.reverse();
}

/** Trace-processing throughput and tree analysis latency. */
export default async function tracesBench(): Promise<BenchRow[]> {
  const { texts, spans, bytes } = bodies(6000, 50);
  // Warm the JIT on a slice before timing.
  pipelineThroughput(texts.slice(0, 20), texts.slice(0, 20).reduce((a, t) => a + (t.match(/"spanId"/g)?.length ?? 0), 0), true);
  const decodeOnly = Math.max(pipelineThroughput(texts, spans, false), pipelineThroughput(texts, spans, false));
  const full = [pipelineThroughput(texts, spans, true), pipelineThroughput(texts, spans, true), pipelineThroughput(texts, spans, true)].sort((a, b) => a - b)[1];

  const zipkin = zipkinBodies(withAttributes(generateWorkload(6000)));
  zipkinThroughput(zipkin.texts.slice(0, 10));
  const zipkinRate = zipkinThroughput(zipkin.texts);

  const trace = bigTrace(1000);
  const times: number[] = [];
  for (let i = 0; i < 30; i++) analyse(trace);
  for (let i = 0; i < 300; i++) {
    const c0 = process.cpuUsage();
    analyse(trace);
    times.push(cpuSeconds(c0) * 1000);
  }
  const processorDefault = await processorThroughput({}, 3000);
  const processorKeepAll = await processorThroughput({ tail: { baseProbability: 1, decisionWaitMs: 0 } }, 3000);
  const view = await traceViewLatency(bigTrace(1000), 100);
  return [
    {
      area: 'traces',
      name: `trace-processor handler on embedded stores, default sampling (10 s buffer, 0.1 base), ${processorDefault.spansPerBatch} spans/batch (CPU)`,
      value: processorDefault.spansPerSecond,
      unit: 'spans/s',
      target: `>= ${TARGET_SPANS_PER_S}`,
      ok: processorDefault.spansPerSecond >= TARGET_SPANS_PER_S,
    },
    { area: 'traces', name: 'trace-processor handler on embedded stores, keep every span (all stored in SQLite) (CPU)', value: processorKeepAll.spansPerSecond, unit: 'spans/s' },
    { area: 'traces', name: 'GET /monitoring/traces/{id}, 1,000-span trace, local API p50 (wall)', value: view.p50, unit: 'ms' },
    { area: 'traces', name: 'GET /monitoring/traces/{id}, 1,000-span trace, local API p95 (wall)', value: view.p95, unit: 'ms', target: '< 200', ok: view.p95 < 200 },
    { area: 'traces', name: `OTLP/JSON parse+decode (${spans} spans, ${(bytes / spans).toFixed(0)} B/span, CPU time)`, value: decodeOnly, unit: 'spans/s' },
    { area: 'traces', name: 'Zipkin v2 JSON parse+decode (CPU time)', value: zipkinRate, unit: 'spans/s' },
    { area: 'traces', name: 'parse+decode+span metrics+service graph (CPU time, one core)', value: full, unit: 'spans/s', target: `>= ${TARGET_SPANS_PER_S}`, ok: full >= TARGET_SPANS_PER_S },
    { area: 'traces', name: '1,000-span trace: tree+self times+critical path+error origin p50 (CPU)', value: percentile(times, 50), unit: 'ms' },
    { area: 'traces', name: '1,000-span trace: tree+self times+critical path+error origin p95 (CPU)', value: percentile(times, 95), unit: 'ms' },
  ];
}

// CPU time of this process since `start`, seconds. The machine is shared, so wall time would
// measure the neighbours; the code is single-threaded, so CPU time is time on one core.
function cpuSeconds(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

function analyse(spans: readonly Span[]): void {
  const tree = buildSpanTree(spans);
  if (tree.nodes.length !== spans.length) throw new Error('tree lost spans');
  selfTimes(tree);
  criticalPath(tree);
  errorOrigin(tree);
}
