import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { TimestreamMetricStore } from '../lambdas/adapters/aws/timestream-metric-store';
import { encodeEnvelope } from '../lambdas/api/ingest/envelope-codec';
import type { Series } from '../lambdas/core/domain/series';
import { encodeRemoteWrite } from '../lambdas/core/metrics/remote-write-codec';
import { encodeSeriesBody } from '../lambdas/core/metrics/series-body';
import { ManualClock, type Ports } from '../lambdas/core/ports';
import { snappyCompress } from '../lambdas/core/wire/snappy';
import { usePorts } from '../lambdas/handlers/composition/ports-provider';
import { handler as metricsWriter } from '../lambdas/handlers/metrics-writer';
import { configureObservability } from '../lambdas/handlers/middleware/observability';
import { startLocalPlatform } from '../lambdas/local/local-platform';
import { percentile, type BenchRow } from './bench-row';

const AREA = 'metrics';
const quiet = () => undefined;

/** remote_write requests as Prometheus sends them when it has a backlog: many series, a few samples each. */
function remoteWriteBodies(requests: number, seriesPerRequest: number, samplesPerSeries: number, now: number): Buffer[] {
  const bodies: Buffer[] = [];
  for (let r = 0; r < requests; r++) {
    const series: Series[] = [];
    for (let i = 0; i < seriesPerRequest; i++) {
      const samples = Array.from({ length: samplesPerSeries }, (_, k) => ({ timestamp: now - 600_000 + (r * samplesPerSeries + k) * 1000, value: r * 10 + k + i / 7 }));
      series.push({ labels: { __name__: `bench_metric_${i % 20}`, job: `job-${i % 10}`, instance: `host-${i}:9100` }, samples });
    }
    bodies.push(Buffer.from(snappyCompress(encodeRemoteWrite(series))));
  }
  return bodies;
}

/** remote_write through the local platform until every sample is queryable. */
export async function remoteWriteEndToEnd(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-bench-'));
  const platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: quiet, dispatcher: { pollIntervalMs: 2, batchSize: 100 } });
  try {
    const REQUESTS = 40;
    const SERIES = 2000;
    const SAMPLES = 5;
    const bodies = remoteWriteBodies(REQUESTS, SERIES, SAMPLES, Date.now());
    const total = REQUESTS * SERIES * SAMPLES;
    const started = performance.now();
    const post = (body: Buffer) =>
      fetch(`${platform.url}/api/v1/write`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' }, body }).then((r) => {
        if (r.status !== 204) throw new Error(`remote_write answered ${r.status}`);
      });
    // Two senders in parallel, as two remote_write shards.
    let next = 0;
    await Promise.all([0, 1].map(async () => {
      while (next < bodies.length) await post(bodies[next++]);
    }));
    const accepted = performance.now();
    while (platform.stream.pending('metrics') > 0) await new Promise((r) => setTimeout(r, 5));
    const stored = performance.now();
    // Queryable: count every stored sample through the Prometheus API.
    const res = await fetch(`${platform.url}/api/v1/query?${new URLSearchParams({ query: 'sum(count_over_time({job=~"job-.*"}[15m]))', time: String(Date.now() / 1000) })}`);
    const counted = Number(((await res.json()) as { data: { result: { value: [number, string] }[] } }).data.result[0]?.value[1]);
    if (counted !== total) throw new Error(`stored ${counted} samples of ${total}`);
    const perSecond = total / ((stored - started) / 1000);
    return [
      { area: AREA, name: `remote_write samples/s end to end (HTTP in, stored, queryable; ${REQUESTS}x${SERIES} series x${SAMPLES})`, value: Math.round(perSecond), unit: 'samples/s', target: '>= 100000', ok: perSecond >= 100_000 },
      { area: AREA, name: 'remote_write samples/s accepted by ingest (204s)', value: Math.round(total / ((accepted - started) / 1000)), unit: 'samples/s' },
    ];
  } finally {
    await platform.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The metrics-writer handler against a Timestream store whose client answers at once. */
export async function writerToTimestream(): Promise<BenchRow[]> {
  let calls = 0;
  let records = 0;
  // Only sample records count; the series-table records (once per series and day) ride along.
  const writeClient = {
    async send(command: { input: { TableName?: string; Records?: unknown[] } }) {
      calls++;
      if (command.input.TableName === 't') records += command.input.Records?.length ?? 0;
      return {};
    },
  };
  // Reads (the writer's active-series lookups, once per metric) answer with no rows.
  const queryClient = { send: async () => ({ Rows: [], ColumnInfo: [] }) };
  // As deployed: with the rollup tables, so every record carries the series id and each series is catalogued.
  const rollups = { seriesTable: 'series', rollupTable: 'rollups', rawRetentionMs: 90 * 86_400_000 };
  const store = new TimestreamMetricStore({ writeClient: writeClient as never, queryClient: queryClient as never, database: 'db', table: 't', rollups, clock: new ManualClock(1) });
  usePorts({ metrics: store, clock: new ManualClock(Date.now()) } as unknown as Ports);
  const RECORDS = 200;
  const SERIES_PER_RECORD = 100;
  const now = Date.now();
  const event: KinesisStreamEvent = {
    Records: Array.from({ length: RECORDS }, (_, r) => {
      const series = Array.from({ length: SERIES_PER_RECORD }, (_, i) => ({ labels: { __name__: 'm', job: `j${i % 10}`, pod: `p${r}-${i}` }, samples: [{ timestamp: now, value: i }, { timestamp: now + 15_000, value: i + 1 }] }));
      const data = encodeEnvelope({ id: `e${r}`, kind: 'series', receivedAt: now, body: encodeSeriesBody(series) });
      return {
        kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'p', sequenceNumber: String(r), data: Buffer.from(data).toString('base64'), approximateArrivalTimestamp: 1 },
        eventSource: 'aws:kinesis', eventVersion: '1.0', eventID: `s:${r}`, eventName: 'aws:kinesis:record', invokeIdentityArn: 'a', awsRegion: 'r', eventSourceARN: 'arn',
      };
    }),
  };
  const context = { awsRequestId: 'b', functionName: 'metrics-writer' } as Context;
  const restore = configureObservability({ sink: quiet });
  await metricsWriter({ Records: event.Records.slice(0, 5) }, context);
  calls = 0;
  records = 0;
  const t0 = performance.now();
  const rounds = 3;
  for (let i = 0; i < rounds; i++) {
    const res = await metricsWriter(event, context);
    if (res && res.batchItemFailures.length > 0) throw new Error('the writer failed records');
  }
  const seconds = (performance.now() - t0) / 1000;
  usePorts(undefined);
  configureObservability(restore);
  return [
    { area: AREA, name: 'metrics-writer stream records/s to the Timestream request builder (100 series x 2 samples each)', value: Math.round((rounds * RECORDS) / seconds), unit: 'records/s' },
    { area: AREA, name: 'metrics-writer Timestream records/s built (WriteRecords of <= 100)', value: Math.round(records / seconds), unit: 'records/s' },
  ];
}

/** Range-query latency through the HTTP API over the SQLite store. */
export async function rangeQueryLatency(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-bench-q-'));
  const platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: quiet });
  try {
    const SERIES = 10_000;
    const STEP = 15_000;
    const end = Math.floor(Date.now() / STEP) * STEP;
    const start = end - 3_600_000;
    const points = (end - start + 300_000) / STEP + 1;
    const t0 = performance.now();
    for (let offset = 0; offset < SERIES; offset += 500) {
      const batch: Series[] = [];
      for (let i = offset; i < offset + 500; i++) {
        let v = 0;
        batch.push({
          labels: { __name__: 'x', job: `job-${i % 10}`, instance: `i-${i}` },
          samples: Array.from({ length: points }, (_, p) => ({ timestamp: start - 300_000 + p * STEP, value: (v += 1 + ((i + p) % 5)) })),
        });
      }
      await platform.ports.metrics.write(batch);
    }
    const loadSeconds = (performance.now() - t0) / 1000;
    const url = `${platform.url}/api/v1/query_range?${new URLSearchParams({ query: 'sum by (job) (rate(x[5m]))', start: String(start / 1000), end: String(end / 1000), step: '15s' })}`;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const q0 = performance.now();
      const body = (await (await fetch(url)).json()) as { data: { result: unknown[] } };
      if (body.data.result.length !== 10) throw new Error(`expected 10 series, got ${body.data.result.length}`);
      times.push(performance.now() - q0);
    }
    const measured = times.slice(1);
    return [
      { area: AREA, name: `range query sum by (job) (rate(x[5m])), 10,000 series, 1 h at 15 s, API on SQLite: p50 (load ${loadSeconds.toFixed(0)} s)`, value: Math.round(percentile(measured, 50)), unit: 'ms' },
      { area: AREA, name: 'range query, same: p95', value: Math.round(percentile(measured, 95)), unit: 'ms' },
    ];
  } finally {
    await platform.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Metrics ingest, writer and query path figures. */
export default async function metricsBench(): Promise<BenchRow[]> {
  return [...(await remoteWriteEndToEnd()), ...(await writerToTimestream()), ...(await rangeQueryLatency())];
}
