import { gzipSync } from 'node:zlib';
import { decodeEnvelope } from '../../../../lambdas/api/ingest/envelope-codec';
import { encodeExportTraceResponse } from '../../../../lambdas/api/ingest/trace-ingest';
import type { Span } from '../../../../lambdas/core/domain/span';
import { ProtobufReader } from '../../../../lambdas/core/wire/protobuf-reader';
import { encodeTracesProto } from '../../../support/otlp-proto-encoder';
import { generateWorkload, toOtlpJson } from '../../core/traces/support/workload';
import { call, request, testPorts } from '../api-test-kit';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function queuedSpans(stream: ReturnType<typeof testPorts>['stream']) {
  return stream.receive('traces', 10_000).map((r) => ({ key: r.partitionKey, envelope: decodeEnvelope(r.data) }));
}

const post = (path: string, body: Buffer, headers: Record<string, string>) => request('POST', path, { raw: body, headers });

describe('trace ingest (POST /v1/traces, POST /api/v2/spans)', () => {
  const spans = generateWorkload(4);
  const otlp = toOtlpJson(spans) as Json;

  it('accepts OTLP/JSON: one spans envelope per trace, partitioned by trace id, answered {}', async () => {
    const { ports, stream } = testPorts();
    const res = await call(ports, post('/v1/traces', Buffer.from(JSON.stringify(otlp)), { 'content-type': 'application/json' }), 'ingest');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const queued = queuedSpans(stream);
    const traceIds = [...new Set(spans.map((s) => s.traceId))];
    expect(queued.map((q) => q.key).sort()).toEqual(traceIds.sort());
    for (const q of queued) {
      expect(q.envelope.kind).toBe('spans');
      expect((q.envelope.body as Span[]).every((s) => s.traceId === q.key)).toBe(true);
    }
    expect(queued.reduce((n, q) => n + (q.envelope.body as Span[]).length, 0)).toBe(spans.length);
  });

  it('reports rejected spans as partialSuccess and keeps the rest', async () => {
    const { ports, stream } = testPorts();
    const bad = structuredClone(otlp);
    bad.resourceSpans[0].scopeSpans[0].spans[0].spanId = 'xyz';
    bad.resourceSpans[0].scopeSpans[0].spans[1].endTimeUnixNano = '1';
    const res = await call(ports, post('/v1/traces', Buffer.from(JSON.stringify(bad)), { 'content-type': 'application/json' }), 'ingest');
    expect(res.status).toBe(200);
    expect(res.body.partialSuccess.rejectedSpans).toBe('2');
    expect(res.body.partialSuccess.errorMessage).toMatch(/invalid_span_id.*end_before_start/);
    expect(queuedSpans(stream).reduce((n, q) => n + (q.envelope.body as Span[]).length, 0)).toBe(spans.length - 2);
  });

  it('accepts OTLP protobuf, gzipped or not, and answers ExportTraceServiceResponse in protobuf', async () => {
    const { ports, stream } = testPorts();
    const proto = Buffer.from(encodeTracesProto(otlp));
    const plain = await serveRaw(ports, post('/v1/traces', proto, { 'content-type': 'application/x-protobuf' }));
    expect(plain.statusCode).toBe(200);
    expect(plain.headers?.['content-type']).toBe('application/x-protobuf');
    expect((plain.body as Buffer).byteLength).toBe(0);
    const zipped = await serveRaw(ports, post('/v1/traces', gzipSync(proto), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }));
    expect(zipped.statusCode).toBe(200);
    expect(queuedSpans(stream).reduce((n, q) => n + (q.envelope.body as Span[]).length, 0)).toBe(2 * spans.length);
  });

  it('encodes partial success in protobuf as field 1 { rejected_spans = 1, error_message = 2 }', () => {
    const r = new ProtobufReader(encodeExportTraceResponse(3, 'bad ids'));
    const { field } = r.tag();
    expect(field).toBe(1);
    const inner = r.message();
    expect(inner.tag().field).toBe(1);
    expect(inner.varint()).toBe(3);
    expect(inner.tag().field).toBe(2);
    expect(inner.string()).toBe('bad ids');
    expect(encodeExportTraceResponse(0, '').byteLength).toBe(0);
  });

  it('answers 400 with the platform error body for malformed bodies, 415 for other encodings', async () => {
    const { ports, stream } = testPorts();
    const notJson = await call(ports, post('/v1/traces', Buffer.from('{"resourceSpans": ['), { 'content-type': 'application/json' }), 'ingest');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('invalid_argument');
    const notProto = await call(ports, post('/v1/traces', Buffer.from([0x0a, 0xff, 0xff, 0xff]), { 'content-type': 'application/x-protobuf' }), 'ingest');
    expect(notProto.status).toBe(400);
    expect(notProto.body.error.message).toMatch(/ExportTraceServiceRequest/);
    const notGzip = await call(ports, post('/v1/traces', Buffer.from('plain'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 'ingest');
    expect(notGzip.status).toBe(400);
    const brotli = await call(ports, post('/v1/traces', Buffer.from('{}'), { 'content-type': 'application/json', 'content-encoding': 'br' }), 'ingest');
    expect(brotli.status).toBe(415);
    const notRequest = await call(ports, post('/v1/traces', Buffer.from('[1,2]'), { 'content-type': 'application/json' }), 'ingest');
    expect(notRequest.status).toBe(400);
    expect(stream.receive('traces', 10)).toEqual([]);
  });

  it('answers 413 when one span cannot fit a stream record, and puts nothing', async () => {
    const { ports, stream } = testPorts();
    const big = structuredClone(otlp);
    // 20 attributes of 60 KB: each under the 64 KiB truncation limit, together over a 1 MiB record.
    big.resourceSpans[0].scopeSpans[0].spans[0].attributes = Array.from({ length: 20 }, (_, i) => ({ key: `blob.${i}`, value: { stringValue: 'x'.repeat(60_000) } }));
    const res = await call(ports, post('/v1/traces', gzipSync(JSON.stringify(big)), { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 'ingest');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(res.body.error.message).toMatch(/span [0-9a-f]{16} of trace/);
    expect(stream.receive('traces', 10)).toEqual([]);
  });

  it('keeps a span with a 10 MB attribute (gzipped body) by truncating the value to 64 KiB, and keeps orphans', async () => {
    const { ports, stream } = testPorts();
    const huge = structuredClone(otlp);
    const target = huge.resourceSpans[0].scopeSpans[0].spans[0];
    target.attributes.push({ key: 'db.statement', value: { stringValue: 'z'.repeat(10 * 1024 * 1024) } });
    huge.resourceSpans[0].scopeSpans[0].spans[1].parentSpanId = 'feedfacefeedface';
    const res = await call(ports, post('/v1/traces', gzipSync(JSON.stringify(huge)), { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 'ingest');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const all = queuedSpans(stream).flatMap((q) => q.envelope.body as Span[]);
    expect(all).toHaveLength(spans.length);
    expect((all.find((s) => s.spanId === target.spanId)!.attributes['db.statement'] as string).length).toBe(65536);
    expect(all.find((s) => s.parentSpanId === 'feedfacefeedface')).toBeDefined();
  });

  it('splits a trace too big for one record over several records with the same partition key', async () => {
    const { ports, stream } = testPorts();
    const wide = structuredClone(otlp);
    for (const s of wide.resourceSpans[0].scopeSpans[0].spans) s.attributes.push({ key: 'payload', value: { stringValue: 'y'.repeat(60_000) } });
    const first = wide.resourceSpans[0].scopeSpans[0].spans[0];
    // 25 more spans of the first trace, about 1.5 MB together.
    for (let i = 0; i < 25; i++) wide.resourceSpans[0].scopeSpans[0].spans.push({ ...first, spanId: (0xabc000 + i).toString(16).padStart(16, '0') });
    const res = await call(ports, post('/v1/traces', Buffer.from(JSON.stringify(wide)), { 'content-type': 'application/json' }), 'ingest');
    expect(res.status).toBe(200);
    const queued = queuedSpans(stream);
    const firstTrace = queued.filter((q) => q.key === first.traceId.toLowerCase());
    expect(firstTrace.length).toBeGreaterThan(1);
  });

  it('accepts Zipkin v2 JSON with 202, refuses an all-invalid batch with 400 and Zipkin protobuf with 415', async () => {
    const { ports, stream } = testPorts();
    const zipkin = [
      { traceId: '5af7183fb1d4cf5f', id: '6b221d5bc9e6496c', name: 'get /api', timestamp: 1_700_000_000_000_000, duration: 2000, kind: 'SERVER', localEndpoint: { serviceName: 'backend' } },
      { traceId: '5af7183fb1d4cf5f', parentId: '6b221d5bc9e6496c', id: '352bff9a74ca9ad2', name: 'query', timestamp: 1_700_000_000_000_100, duration: 500, kind: 'CLIENT', localEndpoint: { serviceName: 'backend' } },
    ];
    const ok = await call(ports, post('/api/v2/spans', Buffer.from(JSON.stringify(zipkin)), { 'content-type': 'application/json' }), 'ingest');
    expect(ok.status).toBe(202);
    const queued = queuedSpans(stream);
    expect(queued).toHaveLength(1);
    expect((queued[0].envelope.body as Span[]).map((s) => s.service)).toEqual(['backend', 'backend']);
    const invalid = await call(ports, post('/api/v2/spans', Buffer.from(JSON.stringify([{ traceId: 'nothex', id: '1' }])), { 'content-type': 'application/json' }), 'ingest');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('invalid_argument');
    const proto = await call(ports, post('/api/v2/spans', Buffer.from([1, 2]), { 'content-type': 'application/x-protobuf' }), 'ingest');
    expect(proto.status).toBe(415);
  });
});

async function serveRaw(ports: ReturnType<typeof testPorts>['ports'], req: ReturnType<typeof request>) {
  const { serveRequest } = await import('../../../../lambdas/api/api-app');
  return (await serveRequest('ingest', req, () => ports)).response;
}
