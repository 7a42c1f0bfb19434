import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { encodeEnvelope } from '../../../lambdas/api/ingest/envelope-codec';
import type { Span } from '../../../lambdas/core/domain/span';
import type { TraceProcessorConfig } from '../../../lambdas/core/traces/processing/trace-processor-config';
import { usePorts } from '../../../lambdas/handlers/composition/ports-provider';
import { configureObservability } from '../../../lambdas/handlers/middleware/observability';
import { TRACE_BUFFER_KIND } from '../../../lambdas/handlers/processors/trace-batch';
import { configFromEnvironment, createTraceProcessor } from '../../../lambdas/handlers/trace-processor';
import { testPorts } from '../api/api-test-kit';
import { span } from '../core/traces/support/span-builder';

const context = { awsRequestId: 'r', functionName: 'trace-processor' } as Context;
let seq = 1000;

function batch(envelopes: { id: string; spans: Span[] }[], raw: string[] = []): KinesisStreamEvent {
  const datas = [...envelopes.map((e) => Buffer.from(encodeEnvelope({ id: e.id, kind: 'spans', receivedAt: 0, body: e.spans }))), ...raw.map((r) => Buffer.from(r))];
  return {
    Records: datas.map((d) => {
      const n = String(seq++);
      return {
        kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'k', sequenceNumber: n, data: d.toString('base64'), approximateArrivalTimestamp: 1 },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000007:${n}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn',
        awsRegion: 'local',
        eventSourceARN: 'arn:aws:kinesis:local:0:stream/traces',
      };
    }),
  };
}

const T = (n: number) => n.toString(16).padStart(32, '0') + '';
const tick = { source: 'aws.scheduler' };

function setup(config: TraceProcessorConfig) {
  const t = testPorts();
  usePorts(t.ports);
  return { ...t, run: createTraceProcessor(config) };
}

async function latest(t: ReturnType<typeof testPorts>, name: string, labels: Record<string, string> = {}) {
  const series = await t.ports.metrics.select({
    matchers: [{ name: '__name__', op: '=', value: name }, ...Object.entries(labels).map(([k, v]) => ({ name: k, op: '=' as const, value: v }))],
    range: { start: 0, end: t.clock.now() + 1 },
  });
  return series.map((s) => ({ labels: s.labels, value: s.samples[s.samples.length - 1].value }));
}

beforeAll(() => configureObservability({ sink: () => undefined }));
afterAll(() => usePorts(undefined));

describe('trace-processor handler', () => {
  const errorTrace = [
    span({ traceId: T(1), id: 'a', service: 'web', kind: 'server', start: 0, end: 1000 }),
    span({ traceId: T(1), id: 'b', parent: 'a', service: 'db', kind: 'server', start: 100, end: 900, status: 'error' }),
  ];
  const slowTrace = [span({ traceId: T(2), id: 'c', service: 'web', kind: 'server', start: 0, end: 1_500_000 })];
  const fastTrace = [span({ traceId: T(3), id: 'd', service: 'web', kind: 'server', start: 0, end: 2000 })];

  it('tail sampling: spans wait in the StateStore buffer, error and slow traces are kept, the rest sampled by probability', async () => {
    const t = setup({ tail: { baseProbability: 0, decisionWaitMs: 10_000, latencyThresholdUs: 1_000_000 } });
    expect(await t.run(batch([{ id: 'e1', spans: [...errorTrace, ...slowTrace, ...fastTrace] }]), context)).toEqual({ batchItemFailures: [] });
    expect(t.traces.spans).toEqual([]);
    expect((await t.ports.state.list(TRACE_BUFFER_KIND)).items).toHaveLength(1);
    t.clock.advance(5_000);
    await t.run(tick, context);
    expect(t.traces.spans).toEqual([]);
    t.clock.advance(5_000);
    await t.run(tick, context);
    expect(t.traces.spans.map((s) => s.traceId).sort()).toEqual([T(1), T(1), T(2)]);
    // Decided chunks are deleted once no waiting trace needs them.
    expect((await t.ports.state.list(TRACE_BUFFER_KIND)).items).toHaveLength(0);
    // Late spans follow the recorded decision.
    const lateKept = span({ traceId: T(1), id: 'e', parent: 'b', service: 'db', start: 200, end: 300 });
    const lateDropped = span({ traceId: T(3), id: 'f', parent: 'd', service: 'web', start: 200, end: 300 });
    await t.run(batch([{ id: 'e2', spans: [lateKept, lateDropped] }]), context);
    expect(t.traces.spans.map((s) => s.spanId)).toContain(lateKept.spanId);
    expect(t.traces.spans.map((s) => s.spanId)).not.toContain(lateDropped.spanId);
  });

  it('gathers a trace whose spans arrive in several batches before its decision', async () => {
    const t = setup({ tail: { baseProbability: 1, decisionWaitMs: 1_000 } });
    await t.run(batch([{ id: 'p1', spans: [errorTrace[0]] }]), context);
    t.clock.advance(500);
    await t.run(batch([{ id: 'p2', spans: [errorTrace[1]] }]), context);
    expect(t.traces.spans).toEqual([]);
    t.clock.advance(600);
    await t.run(tick, context);
    expect(t.traces.spans.map((s) => s.spanId).sort()).toEqual(errorTrace.map((s) => s.spanId).sort());
    expect((await t.ports.state.list(TRACE_BUFFER_KIND)).items).toHaveLength(0);
  });

  it('head sampling per service drops spans before storage, while span metrics still count them', async () => {
    const t = setup({ head: { services: { web: 0 } }, tail: { baseProbability: 1, decisionWaitMs: 0 }, metricsFlushMs: 0 });
    await t.run(batch([{ id: 'h1', spans: [...errorTrace, ...fastTrace] }]), context);
    expect(t.traces.spans.map((s) => s.service)).toEqual(['db']);
    const calls = await latest(t, 'traces_spanmetrics_calls_total', { service: 'web' });
    // Two span names ('a' and 'd'), one call each.
    expect(calls.map((c) => c.value)).toEqual([1, 1]);
  });

  it('writes span metrics and service-graph series under Tempo names', async () => {
    const t = setup({ tail: { baseProbability: 1, decisionWaitMs: 0 }, metricsFlushMs: 0 });
    const client = span({ traceId: T(9), id: '1', service: 'web', kind: 'server', start: 0, end: 5000 });
    const out = span({ traceId: T(9), id: '2', parent: '1', service: 'web', kind: 'client', start: 100, end: 4000, status: 'error' });
    const server = span({ traceId: T(9), id: '3', parent: '2', service: 'api', kind: 'server', start: 200, end: 3900, status: 'error' });
    await t.run(batch([{ id: 'm1', spans: [client, out, server] }]), context);
    const names = (await t.ports.metrics.labelValues('__name__', { matchers: [], range: { start: 0, end: t.clock.now() + 1 } })).filter((n) => n.startsWith('traces_'));
    expect(names).toEqual(
      expect.arrayContaining([
        'traces_spanmetrics_calls_total',
        'traces_spanmetrics_latency_bucket',
        'traces_spanmetrics_latency_sum',
        'traces_spanmetrics_latency_count',
        'traces_service_graph_request_total',
        'traces_service_graph_request_failed_total',
        'traces_service_graph_request_server_seconds_bucket',
        'traces_service_graph_request_client_seconds_bucket',
      ]),
    );
    const edge = await latest(t, 'traces_service_graph_request_total', { client: 'web', server: 'api' });
    expect(edge).toEqual([{ labels: expect.objectContaining({ client: 'web', server: 'api', instance: 'shardId-000000000007' }), value: 1 }]);
    const failed = await latest(t, 'traces_service_graph_request_failed_total', { client: 'web', server: 'api' });
    expect(failed.map((f) => f.value)).toEqual([1]);
    const apiCalls = await latest(t, 'traces_spanmetrics_calls_total', { service: 'api' });
    expect(apiCalls[0].labels).toMatchObject({ span_name: '3', span_kind: 'SPAN_KIND_SERVER', status_code: 'STATUS_CODE_ERROR' });
  });

  it('is idempotent on redelivery: counters and stored spans do not double', async () => {
    const t = setup({ tail: { baseProbability: 1, decisionWaitMs: 0 }, metricsFlushMs: 0 });
    const event = batch([{ id: 'same-envelope', spans: errorTrace }]);
    await t.run(event, context);
    t.clock.advance(1000);
    await t.run(event, context);
    const calls = await latest(t, 'traces_spanmetrics_calls_total', { service: 'web' });
    expect(calls.map((c) => c.value)).toEqual([1]);
    const edges = await latest(t, 'traces_service_graph_request_total', { client: 'user', server: 'web' });
    expect(edges.map((c) => c.value)).toEqual([1]);
  });

  it('recognises redelivery by sequence number alone (no envelope-id window)', async () => {
    const t = setup({ tail: { baseProbability: 1, decisionWaitMs: 0 }, metricsFlushMs: 0, dedupeWindow: 0 });
    const event = batch([{ id: 'x1', spans: fastTrace }, { id: 'x2', spans: slowTrace }]);
    await t.run(event, context);
    // Lambda retries from a failed record: the same records, from the second on.
    t.clock.advance(1000);
    await t.run({ Records: event.Records.slice(1) }, context);
    const calls = await latest(t, 'traces_spanmetrics_calls_total', { service: 'web' });
    expect(calls.reduce((n, c) => n + c.value, 0)).toBe(2);
  });

  it('reports unreadable records by sequence number and processes the rest', async () => {
    const t = setup({ tail: { baseProbability: 1, decisionWaitMs: 0 } });
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const event = batch([{ id: 'ok', spans: fastTrace }], ['not json', JSON.stringify({ id: 'x', kind: 'series', receivedAt: 1, body: [] })]);
    const res = await t.run(event, context);
    expect(res.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([event.Records[1].kinesis.sequenceNumber, event.Records[2].kinesis.sequenceNumber]);
    expect(t.traces.spans).toHaveLength(1);
    expect(quiet).toHaveBeenCalledTimes(2);
    quiet.mockRestore();
  });

  it('buffers a batch bigger than one DynamoDB item in parts and stores every span once decided', async () => {
    const t = setup({ tail: { baseProbability: 1, decisionWaitMs: 1_000 } });
    const wide = Array.from({ length: 10 }, (_, i) => span({ traceId: T(20 + i), id: String(i + 1), service: 'web', start: 0, end: 10, attributes: { blob: 'q'.repeat(50_000) } }));
    await t.run(batch([{ id: 'w1', spans: wide }]), context);
    expect((await t.ports.state.list('trace-buffer-part')).items.length).toBeGreaterThan(1);
    t.clock.advance(1_000);
    await t.run(tick, context);
    expect(t.traces.spans).toHaveLength(10);
    expect(t.traces.spans[0].attributes.blob).toHaveLength(50_000);
    expect((await t.ports.state.list('trace-buffer-part')).items).toEqual([]);
    expect((await t.ports.state.list(TRACE_BUFFER_KIND)).items).toEqual([]);
  });

  it('reads its config from TRACE_PROCESSOR_CONFIG and refuses out-of-range values', () => {
    expect(configFromEnvironment({ TRACE_PROCESSOR_CONFIG: JSON.stringify({ tail: { baseProbability: 0.5, decisionWaitMs: 3000 }, head: { services: { web: 0.2 } } }) })).toMatchObject({
      tail: { baseProbability: 0.5, decisionWaitMs: 3000 },
      head: { services: { web: 0.2 } },
    });
    expect(configFromEnvironment({})).toEqual({});
    expect(() => configFromEnvironment({ TRACE_PROCESSOR_CONFIG: JSON.stringify({ tail: { baseProbability: 2 } }) })).toThrow(/baseProbability/);
  });
});
