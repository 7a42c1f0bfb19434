import { gzipSync } from 'node:zlib';
import { decodeEnvelope } from '../../../../lambdas/api/ingest/envelope-codec';
import type { RawLogEntry } from '../../../../lambdas/core/domain/raw-log-entry';
import { ProtobufReader } from '../../../../lambdas/core/wire/protobuf-reader';
import { ProtobufWriter } from '../../../../lambdas/core/wire/protobuf-writer';
import { snappyCompress } from '../../../../lambdas/core/wire/snappy';
import { call, request, testPorts } from '../api-test-kit';

const T_NS = '1767225600000000000'; // 2026-01-01T00:00:00Z

function otlpJson(lines: string[]) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
        scopeLogs: [{ scope: { name: 'app' }, logRecords: lines.map((l) => ({ timeUnixNano: T_NS, severityNumber: 17, body: { stringValue: l }, traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) })) }],
      },
    ],
  };
}

function otlpProto(line: string): Buffer {
  const w = new ProtobufWriter();
  w.message(1, (rl) => {
    rl.message(1, (res) => res.message(1, (kv) => kv.string(1, 'service.name').message(2, (v) => v.string(1, 'cart'))));
    rl.message(2, (sl) =>
      sl.message(2, (lr) => {
        lr.fixed64(1, 1767225600000000000n);
        lr.uint(2, 13);
        lr.string(3, 'WARN');
        lr.message(5, (v) => v.string(1, line));
        lr.bytes(9, Buffer.from('ab'.repeat(16), 'hex'));
      }),
    );
  });
  return Buffer.from(w.finish());
}

function lokiProto(service: string, lines: string[]): Buffer {
  const w = new ProtobufWriter();
  w.message(1, (s) => {
    s.string(1, `{service_name="${service}", env="prod"}`);
    lines.forEach((l, i) =>
      s.message(2, (e) => {
        e.message(1, (ts) => ts.int64(1, 1767225600 + i).int64(2, 5_000_000));
        e.string(2, l);
        e.message(3, (m) => m.string(1, 'trace_id').string(2, 'EF'.repeat(16)));
      }),
    );
  });
  return Buffer.from(snappyCompress(w.finish()));
}

function entriesOnStream(t: ReturnType<typeof testPorts>): RawLogEntry[] {
  const delivered = t.stream.receive('logs', 100);
  t.stream.ack('logs', delivered.map((d) => d.seq));
  return delivered.flatMap((d) => {
    const e = decodeEnvelope(d.data);
    expect(e.kind).toBe('raw-log-entries');
    return e.body as RawLogEntry[];
  });
}

describe('log ingest (POST /v1/logs, POST /loki/api/v1/push)', () => {
  it('takes OTLP JSON, plain or gzip, answers an empty ExportLogsServiceResponse and puts entries with ingest ids on the logs stream', async () => {
    const t = testPorts();
    const res = await call(t.ports, request('POST', '/v1/logs', { body: otlpJson(['a', 'b']) }), 'ingest');
    expect(res).toMatchObject({ status: 200, body: {} });
    const gz = await call(t.ports, request('POST', '/v1/logs', { raw: gzipSync(JSON.stringify(otlpJson(['c']))), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }), 'ingest');
    expect(gz.status).toBe(200);
    const entries = entriesOnStream(t);
    expect(entries.map((e) => [e.body, e.service, e.timestamp, e.severityNumber, e.traceId])).toEqual([
      ['a', 'checkout', 1767225600000, 17, 'ab'.repeat(16)],
      ['b', 'checkout', 1767225600000, 17, 'ab'.repeat(16)],
      ['c', 'checkout', 1767225600000, 17, 'ab'.repeat(16)],
    ]);
    const ids = entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => typeof id === 'string' && id.length > 30)).toBe(true);
  });

  it('takes OTLP protobuf and answers protobuf; reports oversized records as partialSuccess', async () => {
    const t = testPorts();
    const res = await call(t.ports, request('POST', '/v1/logs', { raw: otlpProto('disk almost full'), headers: { 'content-type': 'application/x-protobuf' } }), 'ingest');
    expect(res.status).toBe(200);
    expect(entriesOnStream(t).map((e) => [e.body, e.service, e.severityText, e.traceId])).toEqual([['disk almost full', 'cart', 'WARN', 'ab'.repeat(16)]]);
    const big = await call(t.ports, request('POST', '/v1/logs', { body: otlpJson(['ok', 'x'.repeat(300 * 1024)]) }), 'ingest');
    expect(big.status).toBe(200);
    expect(big.body.partialSuccess).toEqual({ rejectedLogRecords: '1', errorMessage: expect.stringMatching(/1 log record\(s\) rejected/) });
    expect(entriesOnStream(t).map((e) => e.body)).toEqual(['ok']);
  });

  it('answers 400 for a protobuf body that does not decode and 415 for an unknown encoding', async () => {
    const t = testPorts();
    const bad = await call(t.ports, request('POST', '/v1/logs', { raw: Buffer.from([0x0a, 0xff, 0xff]), headers: { 'content-type': 'application/x-protobuf' } }), 'ingest');
    expect(bad.status).toBe(400);
    const br = await call(t.ports, request('POST', '/v1/logs', { raw: Buffer.from('x'), headers: { 'content-type': 'application/json', 'content-encoding': 'br' } }), 'ingest');
    expect(br.status).toBe(415);
  });

  it('takes Loki push as snappy protobuf (Promtail, Alloy, Fluent Bit) and as JSON, answering 204', async () => {
    const t = testPorts();
    const proto = await call(t.ports, request('POST', '/loki/api/v1/push', { raw: lokiProto('web', ['GET / 200', 'GET /x 404']), headers: { 'content-type': 'application/x-protobuf' } }), 'ingest');
    expect(proto.status).toBe(204);
    const json = await call(t.ports, request('POST', '/loki/api/v1/push', { body: { streams: [{ stream: { app: 'jobs' }, values: [['1767225600123000000', 'done']] }] } }), 'ingest');
    expect(json.status).toBe(204);
    const entries = entriesOnStream(t);
    expect(entries.map((e) => [e.service, e.timestamp, e.body, e.traceId ?? null])).toEqual([
      ['web', 1767225600005, 'GET / 200', 'ef'.repeat(16)],
      ['web', 1767225601005, 'GET /x 404', 'ef'.repeat(16)],
      ['jobs', 1767225600123, 'done', null],
    ]);
    expect(entries[0].attributes).toMatchObject({ env: 'prod' });
  });

  it('answers 400 for a Loki body that is not snappy, and for malformed JSON streams', async () => {
    const t = testPorts();
    const notSnappy = await call(t.ports, request('POST', '/loki/api/v1/push', { raw: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), headers: { 'content-type': 'application/x-protobuf' } }), 'ingest');
    expect(notSnappy.status).toBe(400);
    const badJson = await call(t.ports, request('POST', '/loki/api/v1/push', { body: { streams: [{ stream: {}, values: [['soon', 'x']] }] } }), 'ingest');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.message).toMatch(/nanoseconds/);
  });

  it('splits a large push into several stream records under the record limit, partitioned by service', async () => {
    const t = testPorts();
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'y'.repeat(500)}`);
    const res = await call(t.ports, request('POST', '/loki/api/v1/push', { body: { streams: [{ stream: { service: 'big' }, values: lines.map((l, i) => [`${1767225600000 + i}000000`, l]) }] } }), 'ingest');
    expect(res.status).toBe(204);
    const delivered = t.stream.receive('logs', 100);
    expect(delivered.length).toBeGreaterThan(1);
    expect(delivered.every((d) => d.data.byteLength < 1024 * 1024 && d.partitionKey === 'big')).toBe(true);
    expect(delivered.flatMap((d) => (decodeEnvelope(d.data).body as RawLogEntry[]).map((e) => e.body))).toEqual(lines);
  });
});

describe('ExportLogsServiceResponse', () => {
  it('is empty on full success for protobuf requests', async () => {
    const t = testPorts();
    const { serveRequest } = await import('../../../../lambdas/api/api-app');
    const { response } = await serveRequest('ingest', request('POST', '/v1/logs', { raw: otlpProto('x'), headers: { 'content-type': 'application/x-protobuf' } }), () => t.ports);
    expect(response.headers?.['content-type']).toBe('application/x-protobuf');
    expect(new ProtobufReader(response.body as Buffer).more()).toBe(false);
  });
});
