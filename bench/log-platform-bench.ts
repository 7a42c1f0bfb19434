import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { openDatabase } from '../lambdas/adapters/embedded/sqlite-database';
import { SqliteLogStore } from '../lambdas/adapters/embedded/sqlite-log-store';
import { SqliteMetricStore } from '../lambdas/adapters/embedded/sqlite-metric-store';
import { SqliteNotifier } from '../lambdas/adapters/embedded/sqlite-notifier';
import { SqliteStateStore } from '../lambdas/adapters/embedded/sqlite-state-store';
import { SqliteTelemetryStream } from '../lambdas/adapters/embedded/sqlite-telemetry-stream';
import { encodeEnvelope } from '../lambdas/api/ingest/envelope-codec';
import { RAW_LOG_ENTRIES_KIND } from '../lambdas/api/ingest/log-envelopes';
import type { LogLevel, LogRecord } from '../lambdas/core/domain/log-record';
import { parseLogQuery } from '../lambdas/core/logs/query/log-query-parser';
import { resolveLogProcessorConfig } from '../lambdas/core/logs/pipeline/log-processor-config';
import { systemClock } from '../lambdas/core/ports/clock';
import { usePorts } from '../lambdas/handlers/composition/ports-provider';
import { createLogProcessor } from '../lambdas/handlers/log-processor';
import { configureObservability } from '../lambdas/handlers/middleware/observability';
import { startLocalPlatform } from '../lambdas/local/local-platform';
import { percentile, type BenchRow } from './bench-row';

const area = 'logs';

/** Local mode: time from a Loki push returning 204 to the line being found by the search API. */
export async function ingestToSearchable(rounds = 20): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-logs-'));
  // The `npm start` dispatcher settings (100 ms idle poll), not the tests' fast ones.
  const platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: () => undefined });
  const delays: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const token = `probe${Date.now().toString(36)}x${i}`;
      const now = Date.now();
      const res = await fetch(`${platform.url}/loki/api/v1/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ streams: [{ stream: { service_name: 'bench' }, values: [[`${now}000000`, `request ${token} served in 5 ms`]] }] }),
      });
      if (res.status !== 204) throw new Error(`push answered ${res.status}`);
      const returned = performance.now();
      const qs = new URLSearchParams({ q: `"${token}"`, from: String((now - 60_000) / 1000), to: String((now + 60_000) / 1000) });
      for (;;) {
        const page = (await (await fetch(`${platform.url}/monitoring/logs?${qs}`)).json()) as { items: unknown[] };
        if (page.items.length > 0) break;
        if (performance.now() - returned > 10_000) throw new Error('line not searchable within 10 s');
        await new Promise((r) => setTimeout(r, 5));
      }
      delays.push(performance.now() - returned);
      await new Promise((r) => setTimeout(r, 37 * (i % 4)));
    }
  } finally {
    await platform.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const p95 = percentile(delays, 95);
  return [
    { area, name: `ingest → searchable, local (Loki push, ${rounds} rounds) p50`, value: percentile(delays, 50), unit: 'ms' },
    { area, name: 'ingest → searchable, local p95', value: p95, unit: 'ms', target: '< 1000', ok: p95 < 1000 },
  ];
}

const LEVELS: LogLevel[] = ['info', 'info', 'info', 'debug', 'warn', 'error'];
const SERVICES = ['api', 'web', 'worker', 'auth', 'billing', 'search', 'cart', 'mailer'];

/** Search p95 over a store of `total` lines (built directly through the store, in batches). */
export async function searchOverStore(lines: readonly string[], total = 1_000_000): Promise<BenchRow[]> {
  // A RAM-backed folder when there is one: the figure is the query engine's, not the disk's.
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'bench-logstore-'));
  const db = openDatabase(join(dir, 'logs.db'));
  const store = new SqliteLogStore(db);
  const t0 = Date.UTC(2026, 0, 1);
  const spanMs = 7 * 24 * 3600 * 1000;
  const build = performance.now();
  const batch: LogRecord[] = [];
  for (let i = 0; i < total; i++) {
    const h = Math.imul(i, 2654435761) >>> 8;
    const service = SERVICES[i % SERVICES.length];
    const level = LEVELS[h % LEVELS.length];
    batch.push({
      id: `r${i}`,
      timestamp: t0 + Math.floor((i / total) * spanMs),
      service,
      source: 'bench',
      level,
      message: level === 'error' && (h >>> 10) % 5 === 0 ? `upstream timeout after ${i % 60}s: ${lines[i % lines.length]}` : lines[i % lines.length],
      attributes: { region: (h >>> 4) % 3 ? 'eu-west-1' : 'us-east-1', status: 200 + ((h >>> 6) % 5) * 100 },
      ...(i % 4 === 0 && { traceId: (i * 2654435761).toString(16).padStart(32, '0').slice(-32) }),
      patternId: `p${i % 300}`,
    });
    if (batch.length === 20_000) {
      await store.append(batch);
      batch.length = 0;
    }
  }
  await store.append(batch);
  const buildSeconds = (performance.now() - build) / 1000;
  const whole = { start: t0, end: t0 + spanMs };
  const day = { start: t0 + 3 * 86_400_000, end: t0 + 4 * 86_400_000 };
  const queries: [string, { start: number; end: number }][] = [
    ['service:api AND level:error AND "timeout"', whole],
    ['service:api AND level:error AND "timeout"', day],
    ['level:error', whole],
    ['"Receiving block"', whole],
    ['Failed password', day],
    ['exception OR error', whole],
    ['servic*', whole],
    ['region:us-east-1 AND level:warn', whole],
    ['service:(web OR cart) NOT level:info', day],
    ['patternId:p42', whole],
    ['session opened for user root', whole],
    ['rarewordthatneverappears', whole],
    ['blk_*', day],
    ['status:500 AND service:billing', whole],
  ];
  const times: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    for (const [q, range] of queries) {
      const started = performance.now();
      await store.search({ range, filter: parseLogQuery(q), limit: 100 });
      times.push(performance.now() - started);
    }
  }
  db.close();
  rmSync(dir, { recursive: true, force: true });
  const p95 = percentile(times, 95);
  return [
    { area, name: `store build, ${total.toLocaleString('en')} lines (SQLite + FTS5, 20k per append)`, value: total / buildSeconds, unit: 'lines/s' },
    { area, name: `search p50 over ${total.toLocaleString('en')} lines (${queries.length} queries x5, limit 100)`, value: percentile(times, 50), unit: 'ms' },
    { area, name: `search p95 over ${total.toLocaleString('en')} lines`, value: p95, unit: 'ms', target: '< 1000', ok: p95 < 1000 },
  ];
}

/** Processor throughput per core: CPU time of the real `log-processor` handler on in-memory SQLite ports. */
export async function processorThroughput(lines: readonly string[], totalLines = 60_000): Promise<BenchRow[]> {
  const db = openDatabase(':memory:');
  const clock = systemClock;
  usePorts({
    metrics: new SqliteMetricStore(db),
    logs: new SqliteLogStore(db),
    traces: undefined as never,
    state: new SqliteStateStore(db, clock),
    notifier: new SqliteNotifier(db, clock),
    stream: new SqliteTelemetryStream(db, clock),
    clock,
  });
  const restore = configureObservability({ sink: () => undefined });
  const handler = createLogProcessor(resolveLogProcessorConfig(undefined));
  const t0 = Date.UTC(2026, 0, 1);
  const perEnvelope = 500;
  const events: KinesisStreamEvent[] = [];
  let bytes = 0;
  let records: KinesisStreamEvent['Records'] = [];
  for (let start = 0, n = 0; start < totalLines; start += perEnvelope, n++) {
    const body = [];
    for (let i = start; i < Math.min(totalLines, start + perEnvelope); i++) {
      const line = lines[i % lines.length];
      bytes += Buffer.byteLength(line) + 1;
      body.push({ id: `e${i}`, timestamp: t0 + i, body: line, service: SERVICES[n % SERVICES.length], source: 'bench', attributes: {} });
    }
    const data = Buffer.from(encodeEnvelope({ id: `env-${n}`, kind: RAW_LOG_ENTRIES_KIND, receivedAt: t0, body })).toString('base64');
    records.push({
      kinesis: { kinesisSchemaVersion: '1.0', partitionKey: 'k', sequenceNumber: String(n), data, approximateArrivalTimestamp: 0 },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-0:${n}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn',
      awsRegion: 'local',
      eventSourceARN: 'arn',
    });
    if (records.length === 10) {
      events.push({ Records: records });
      records = [];
    }
  }
  if (records.length > 0) events.push({ Records: records });
  const context = { awsRequestId: 'bench', functionName: 'log-processor' } as Context;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (const e of events) {
    const res = await handler(e, context);
    if (res.batchItemFailures.length > 0) throw new Error('processor reported failures');
  }
  const cpu = process.cpuUsage(cpu0);
  const wall = (performance.now() - wall0) / 1000;
  configureObservability(restore);
  usePorts(undefined);
  db.close();
  const mb = bytes / (1024 * 1024);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return [
    { area, name: `log-processor handler throughput per core (${totalLines.toLocaleString('en')} lines, ${mb.toFixed(1)} MB, SQLite stores)`, value: mb / cpuSeconds, unit: 'MB/s' },
    { area, name: 'log-processor handler lines/s (wall)', value: totalLines / wall, unit: 'lines/s' },
  ];
}
