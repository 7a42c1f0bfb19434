import { BatchGetTracesCommand, GetTraceSummariesCommand, PutTraceSegmentsCommand, XRayClient } from '@aws-sdk/client-xray';
import { mockClient } from 'aws-sdk-client-mock';
import { XRayTraceStore } from '../../../../lambdas/adapters/aws/xray-trace-store';
import { xraySegments } from '../../../../lambdas/adapters/aws/xray-segments';
import { FakeXRay } from '../../../support/contract/fake-xray';
import { describeTraceStoreContract, span, TRACE_T0 } from '../../../support/contract/trace-store-contract';

const client = new XRayClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const xray = mockClient(client);

function fresh(): FakeXRay {
  xray.reset();
  const fake = new FakeXRay();
  fake.install(xray);
  return fake;
}

describeTraceStoreContract('XRayTraceStore (stateful fake behind aws-sdk-client-mock)', async () => {
  fresh();
  return { store: new XRayTraceStore({ client }) };
});

describe('XRayTraceStore request shapes', () => {
  it('writes a server span as a segment and a client span as a subsegment document', async () => {
    fresh();
    const root = span(0x4bf92f35, 1, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', status: 'error', statusMessage: 'boom' });
    const child = span(0, 2, { traceId: root.traceId, spanId: '00f067aa0ba902b8', parentSpanId: root.spanId, kind: 'client', name: 'SELECT', service: 'svc/a b' });
    await new XRayTraceStore({ client }).putSpans([root, child]);
    const docs = xray.commandCalls(PutTraceSegmentsCommand)[0].args[0].input.TraceSegmentDocuments!.map((d) => JSON.parse(d));
    expect(docs[0]).toMatchObject({
      trace_id: '1-4bf92f35-77b34da6a3ce929d0e0e4736',
      id: '00f067aa0ba902b7',
      name: 'frontend',
      start_time: root.startTime / 1e6,
      end_time: (root.startTime + root.duration) / 1e6,
      fault: true,
      annotations: { otel_span_name: 'GET /cart', otel_kind: 'server', otel_status: 'error' },
      metadata: { otel: { statusMessage: 'boom', startTime: root.startTime, duration: root.duration } },
    });
    expect(docs[0].type).toBeUndefined();
    expect(docs[0].parent_id).toBeUndefined();
    expect(docs[1]).toMatchObject({ type: 'subsegment', parent_id: '00f067aa0ba902b7', name: 'svc/a b', annotations: { otel_kind: 'client' } });
  });

  it('sends at most 50 documents per PutTraceSegments call and fails on unprocessed segments', async () => {
    fresh();
    const spans = Array.from({ length: 120 }, (_, i) => span(1, i + 1));
    await new XRayTraceStore({ client }).putSpans(spans);
    expect(xray.commandCalls(PutTraceSegmentsCommand).map((c) => c.args[0].input.TraceSegmentDocuments!.length)).toEqual([50, 50, 20]);
    xray.on(PutTraceSegmentsCommand).resolves({ UnprocessedTraceSegments: [{ Id: 'x', ErrorCode: 'ThrottledException', Message: 'slow' }] });
    await expect(new XRayTraceStore({ client }).putSpans(spans.slice(0, 1))).rejects.toThrow(/1 segment\(s\) unprocessed: x ThrottledException/);
  });

  it('asks BatchGetTraces for at most 5 ids and searches by event time in 6-hour windows with a filter expression', async () => {
    fresh();
    const store = new XRayTraceStore({ client });
    await store.putSpans(Array.from({ length: 12 }, (_, i) => span(i + 1, 1)));
    const start = TRACE_T0 / 1000 - 13 * 3_600_000;
    await store.searchTraces({ range: { start, end: TRACE_T0 / 1000 + 60_000 }, service: 'frontend', status: 'ok', minDuration: 1_500 });
    const summaries = xray.commandCalls(GetTraceSummariesCommand).map((c) => c.args[0].input);
    expect(summaries.filter((s) => !s.NextToken).map((s) => [s.StartTime!.getTime(), s.EndTime!.getTime()])).toEqual([
      [TRACE_T0 / 1000 + 60_000 - 6 * 3_600_000, TRACE_T0 / 1000 + 60_000],
      [TRACE_T0 / 1000 + 60_000 - 12 * 3_600_000, TRACE_T0 / 1000 + 60_000 - 6 * 3_600_000],
      [start, TRACE_T0 / 1000 + 60_000 - 12 * 3_600_000],
    ]);
    expect(summaries[0]).toMatchObject({
      TimeRangeType: 'Event',
      Sampling: false,
      FilterExpression: 'service("frontend") AND annotation.otel_status = "ok" AND duration >= 0.0015',
    });
    xray.resetHistory();
    await store.searchTraces({ range: { start: TRACE_T0 / 1000, end: TRACE_T0 / 1000 + 60_000 }, limit: 12 });
    expect(xray.commandCalls(BatchGetTracesCommand).map((c) => c.args[0].input.TraceIds!.length)).toEqual([5, 5, 2]);
  });

  it('reads nested subsegments back as spans with their parent', () => {
    const doc = JSON.stringify({
      id: 'aaaaaaaaaaaaaaaa', name: 'web', start_time: 1.5, end_time: 2,
      subsegments: [{ id: 'bbbbbbbbbbbbbbbb', name: 'db', start_time: 1.6, end_time: 1.7, fault: true }],
    });
    const spans = xraySegments.toSpans(doc, 'ab'.repeat(16));
    expect(spans.map((s) => [s.spanId, s.parentSpanId, s.service, s.startTime, s.duration, s.status])).toEqual([
      ['aaaaaaaaaaaaaaaa', undefined, 'web', 1_500_000, 500_000, 'unset'],
      ['bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa', 'web', 1_600_000, 100_000, 'error'],
    ]);
  });
});
