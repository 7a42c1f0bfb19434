import { gzipSync } from 'node:zlib';
import { openDatabase } from '../../../../lambdas/adapters/embedded/sqlite-database';
import { SqliteTelemetryStream } from '../../../../lambdas/adapters/embedded/sqlite-telemetry-stream';
import type { ApiRequest, ApiResponse, RouteHandler } from '../../../../lambdas/api/http/api-types';
import { decodeEnvelope } from '../../../../lambdas/api/ingest/envelope-codec';
import { useMetricIngestSettings } from '../../../../lambdas/api/ingest/metric-ingest-settings';
import { ingestOtlpMetrics } from '../../../../lambdas/api/ingest/otlp-metric-ingest';
import { ingestPrometheusRemoteWrite } from '../../../../lambdas/api/ingest/remote-write-ingest';
import { isStaleNaN, STALE_NAN, type Series } from '../../../../lambdas/core/domain/series';
import { encodeRemoteWrite } from '../../../../lambdas/core/metrics/remote-write-codec';
import { decodeSeriesBody } from '../../../../lambdas/core/metrics/series-body';
import { ManualClock, type Ports } from '../../../../lambdas/core/ports';
import { ProtobufWriter } from '../../../../lambdas/core/wire/protobuf-writer';
import { snappyCompress } from '../../../../lambdas/core/wire/snappy';

const NOW = Date.parse('2026-11-22T12:00:00Z');

function setup() {
  const db = openDatabase(':memory:');
  const clock = new ManualClock(NOW);
  const stream = new SqliteTelemetryStream(db, clock);
  const ports = { stream, clock } as unknown as Ports;
  const call = (handler: RouteHandler, body: Buffer, headers: Record<string, string>): Promise<ApiResponse> => {
    const request: ApiRequest = { method: 'POST', path: '/x', query: {}, headers, body, requestId: 'r' };
    return handler({ request, params: {}, body, ports });
  };
  const records = () => stream.receive('metrics', 10_000).map((r) => ({ partitionKey: r.partitionKey, size: r.data.byteLength, envelope: decodeEnvelope(r.data) }));
  const series = () => records().filter((r) => r.envelope.kind === 'series').flatMap((r) => decodeSeriesBody(r.envelope.body));
  return { call, records, series, stream };
}

const RW_HEADERS = { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' };
const remoteWrite = (series: Series[]) => Buffer.from(snappyCompress(encodeRemoteWrite(series)));
const json = (r: ApiResponse) => JSON.parse(String(r.body));

describe('POST /api/v1/write', () => {
  afterEach(() => useMetricIngestSettings(undefined));

  it('answers 204 and puts every sample on the stream, NaN, ±Inf and stale markers exactly', async () => {
    const t = setup();
    // Built one object at a time: a plain number array would let V8 canonicalise the stale marker's NaN payload.
    const value = (i: number) => [() => 1.5, () => Number.NaN, () => Infinity, () => -Infinity, () => STALE_NAN, () => -0.25][i]();
    const sent: Series = { labels: { __name__: 'temp', room: 'a' }, samples: Array.from({ length: 6 }, (_, i) => ({ timestamp: NOW - 60_000 + i * 1000, value: value(i) })) };
    const res = await t.call(ingestPrometheusRemoteWrite, remoteWrite([sent, { labels: { __name__: 'temp', room: 'b' }, samples: [{ timestamp: NOW, value: 2 }] }]), RW_HEADERS);
    expect(res.statusCode).toBe(204);
    const got = t.series();
    expect(got).toHaveLength(2);
    const a = got.find((s) => s.labels.room === 'a')!;
    expect(a.samples.map((s) => s.timestamp)).toEqual(sent.samples.map((s) => s.timestamp));
    expect(a.samples[0].value).toBe(1.5);
    expect(Number.isNaN(a.samples[1].value) && !isStaleNaN(a.samples[1].value)).toBe(true);
    expect(a.samples[2].value).toBe(Infinity);
    expect(a.samples[3].value).toBe(-Infinity);
    expect(isStaleNaN(a.samples[4].value)).toBe(true);
    expect(a.samples[5].value).toBe(-0.25);
  });

  it('refuses a truncated snappy body with 400 and puts nothing on the stream', async () => {
    const t = setup();
    const body = remoteWrite([{ labels: { __name__: 'x' }, samples: [{ timestamp: NOW, value: 1 }] }]);
    const res = await t.call(ingestPrometheusRemoteWrite, body.subarray(0, body.length - 3), RW_HEADERS);
    expect(res.statusCode).toBe(400);
    expect(json(res).error.message).toMatch(/snappy/);
    expect(t.records()).toHaveLength(0);
  });

  it('refuses a body that is snappy but not a WriteRequest with 400', async () => {
    const t = setup();
    // Field 1, wire type LEN, declaring 100 bytes that are not there.
    const res = await t.call(ingestPrometheusRemoteWrite, Buffer.from(snappyCompress(new Uint8Array([0x0a, 0x64, 0x01, 0x02]))), RW_HEADERS);
    expect(res.statusCode).toBe(400);
    expect(json(res).error.message).toMatch(/WriteRequest/);
    expect(t.records()).toHaveLength(0);
  });

  it('writes the valid series of a request with a 1 MB label value and a duplicate label, then answers 400 with counts', async () => {
    const t = setup();
    const good = Array.from({ length: 5 }, (_, i) => ({ labels: { __name__: 'ok_total', i: String(i) }, samples: [{ timestamp: NOW, value: i }] }));
    const huge = { labels: { __name__: 'ok_total', blob: 'x'.repeat(1024 * 1024) }, samples: [{ timestamp: NOW, value: 1 }, { timestamp: NOW + 1, value: 2 }] };
    // encodeRemoteWrite takes label objects, so build the duplicate-label series by hand.
    const w = new ProtobufWriter();
    w.message(1, (ts) => {
      ts.message(1, (l) => l.string(1, '__name__').string(2, 'dup'));
      ts.message(1, (l) => l.string(1, 'a').string(2, '1'));
      ts.message(1, (l) => l.string(1, 'a').string(2, '2'));
      ts.message(2, (s) => s.double(1, 3).int64(2, NOW));
    });
    const body = Buffer.concat([Buffer.from(encodeRemoteWrite([...good, huge])), Buffer.from(w.finish())]);
    const res = await t.call(ingestPrometheusRemoteWrite, Buffer.from(snappyCompress(body)), RW_HEADERS);
    expect(res.statusCode).toBe(400);
    const details = json(res).error.details as { reason?: string; series?: number; samples?: number; accepted?: { series: number; samples: number } }[];
    expect(details).toEqual(
      expect.arrayContaining([
        { accepted: { series: 5, samples: 5 } },
        expect.objectContaining({ reason: 'label_value_too_long', series: 1, samples: 2 }),
        expect.objectContaining({ reason: 'duplicate_label_name', series: 1, samples: 1 }),
      ]),
    );
    expect(t.series().map((s) => s.labels.i).sort()).toEqual(['0', '1', '2', '3', '4']);
  });

  it('answers 413 when the body would decompress past the configured limit', async () => {
    useMetricIngestSettings({ maxDecompressedBytes: 1000 });
    const t = setup();
    const many = Array.from({ length: 100 }, (_, i) => ({ labels: { __name__: 'm', i: String(i) }, samples: [{ timestamp: NOW, value: i }] }));
    const res = await t.call(ingestPrometheusRemoteWrite, remoteWrite(many), RW_HEADERS);
    expect(res.statusCode).toBe(413);
    expect(t.records()).toHaveLength(0);
  });

  it('answers 415 for a content encoding other than snappy, and for remote write 2.0 messages', async () => {
    const t = setup();
    const res = await t.call(ingestPrometheusRemoteWrite, remoteWrite([]), { ...RW_HEADERS, 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(415);
    const v2 = await t.call(ingestPrometheusRemoteWrite, remoteWrite([]), { ...RW_HEADERS, 'content-type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request' });
    expect(v2.statusCode).toBe(415);
    expect(json(v2).error.message).toMatch(/remote write 1.0/);
    const v1 = await t.call(ingestPrometheusRemoteWrite, remoteWrite([]), { ...RW_HEADERS, 'content-type': 'application/x-protobuf;proto=prometheus.WriteRequest' });
    expect(v1.statusCode).toBe(204);
  });

  it('splits big requests into records under the Kinesis limit, each series always on the same partition', async () => {
    const t = setup();
    const many = Array.from({ length: 6000 }, (_, i) => ({
      labels: { __name__: 'wide', pod: `pod-${i}`, detail: 'd'.repeat(200) },
      samples: [{ timestamp: NOW - 1000, value: i }, { timestamp: NOW, value: i + 1 }],
    }));
    expect((await t.call(ingestPrometheusRemoteWrite, remoteWrite(many), RW_HEADERS)).statusCode).toBe(204);
    expect((await t.call(ingestPrometheusRemoteWrite, remoteWrite(many.slice(0, 100)), RW_HEADERS)).statusCode).toBe(204);
    const recs = t.records();
    expect(recs.length).toBeGreaterThan(2);
    for (const r of recs) expect(r.size).toBeLessThan(1024 * 1024);
    const partitionOf = new Map<string, Set<string>>();
    let samples = 0;
    for (const r of recs) {
      for (const s of decodeSeriesBody(r.envelope.body)) {
        samples += s.samples.length;
        const set = partitionOf.get(s.labels.pod) ?? new Set();
        set.add(r.partitionKey);
        partitionOf.set(s.labels.pod, set);
      }
    }
    expect(samples).toBe(6100 * 2);
    expect([...partitionOf.values()].every((s) => s.size === 1)).toBe(true);
  });
});

function gaugeRequest(name: string, attrs: Record<string, string>, value: number) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                name,
                unit: 's',
                gauge: { dataPoints: [{ timeUnixNano: String(BigInt(NOW) * 1_000_000n), asDouble: value, attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: { stringValue: v } })) }] },
              },
            ],
          },
        ],
      },
    ],
  };
}

describe('POST /v1/metrics', () => {
  it('takes gzipped OTLP/JSON, translates names and answers an empty ExportMetricsServiceResponse', async () => {
    const t = setup();
    const body = gzipSync(Buffer.from(JSON.stringify(gaugeRequest('queue.latency', { 'http.route': '/a' }, 0.5))));
    const res = await t.call(ingestOtlpMetrics, body, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({});
    const got = t.series();
    expect(got).toEqual([{ labels: { __name__: 'queue_latency_seconds', http_route: '/a', job: 'shop' }, samples: [{ timestamp: NOW, value: 0.5 }] }]);
    const meta = t.records().find((r) => r.envelope.kind === 'metric-metadata');
    expect(meta?.envelope.body).toEqual([{ metricFamilyName: 'queue_latency_seconds', type: 'gauge', help: '', unit: 'seconds' }]);
  });

  it('reports refused points in partialSuccess and keeps the others', async () => {
    const t = setup();
    const req = gaugeRequest('ok', { a: '1' }, 1);
    const bad = gaugeRequest('bad', { blob: 'y'.repeat(5000) }, 2).resourceMetrics[0].scopeMetrics[0].metrics[0];
    req.resourceMetrics[0].scopeMetrics[0].metrics.push(bad);
    const res = await t.call(ingestOtlpMetrics, Buffer.from(JSON.stringify(req)), { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(200);
    expect(json(res).partialSuccess).toEqual({ rejectedDataPoints: '1', errorMessage: expect.stringMatching(/label_value_too_long/) });
    expect(t.series().map((s) => s.labels.__name__)).toEqual(['ok_seconds']);
  });

  it('answers protobuf with protobuf and refuses a malformed protobuf or JSON body with 400', async () => {
    const t = setup();
    const ok = await t.call(ingestOtlpMetrics, Buffer.alloc(0), { 'content-type': 'application/x-protobuf' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers?.['content-type']).toBe('application/x-protobuf');
    expect(Buffer.from(ok.body as Buffer).length).toBe(0);
    const badProto = await t.call(ingestOtlpMetrics, Buffer.from([0x0a, 0x50, 0x01]), { 'content-type': 'application/x-protobuf' });
    expect(badProto.statusCode).toBe(400);
    await expect(t.call(ingestOtlpMetrics, Buffer.from('{"resourceMetrics":'), { 'content-type': 'application/json' })).rejects.toMatchObject({ status: 400 });
    useMetricIngestSettings({ maxDecompressedBytes: 100_000 });
    await expect(t.call(ingestOtlpMetrics, gzipSync(Buffer.alloc(200_000)), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).rejects.toMatchObject({ status: 413 });
    useMetricIngestSettings(undefined);
    expect(t.records()).toHaveLength(0);
  });
});
