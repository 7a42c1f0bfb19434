import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KinesisStreamEvent } from 'aws-lambda';
import { encodeEnvelope } from '../lambdas/api/ingest/envelope-codec';
import { spanPayloads } from '../lambdas/api/ingest/trace-envelopes';
import type { Span } from '../lambdas/core/domain/span';
import type { TraceProcessorConfig } from '../lambdas/core/traces/processing/trace-processor-config';
import { usePorts } from '../lambdas/handlers/composition/ports-provider';
import { configureObservability } from '../lambdas/handlers/middleware/observability';
import { createTraceProcessor } from '../lambdas/handlers/trace-processor';
import { openEmbeddedPorts } from '../lambdas/local/embedded-ports';
import { kinesisEventFrom } from '../lambdas/local/kinesis-event';
import { startLocalPlatform } from '../lambdas/local/local-platform';
import { generateWorkload } from '../test/lambdas/core/traces/support/workload';
import { percentile } from './bench-row';

const RECORDS_PER_BATCH = 500;

/** Kinesis events as the stream would deliver ingest's records: one envelope per trace, 500 records a batch. */
function events(traces: number): { events: KinesisStreamEvent[]; spans: number } {
  const spans = generateWorkload(traces, Date.now() * 1000).map((s) => ({ ...s, attributes: { ...s.attributes, 'http.url': `https://shop.example.com/api/v1/orders/${s.spanId}`, 'http.status_code': 200 } }));
  const payloads = spanPayloads(spans);
  const out: KinesisStreamEvent[] = [];
  let seq = 1;
  for (let i = 0; i < payloads.length; i += RECORDS_PER_BATCH) {
    const records = payloads.slice(i, i + RECORDS_PER_BATCH).map((p) => {
      const id = `env-${seq}`;
      return { seq: seq++, id, partitionKey: p.partitionKey, data: encodeEnvelope({ id, kind: p.kind, receivedAt: Date.now(), body: p.body }), attempts: 0, arrivedAt: Date.now() };
    });
    out.push(kinesisEventFrom('traces', records));
  }
  return { events: out, spans: spans.length };
}

/**
 * Spans per CPU-second through the real `trace-processor` handler (envelope decode, dedupe,
 * span metrics, service graph, sampling, StateStore buffer, TraceStore and MetricStore writes)
 * on the embedded SQLite stores, one shard.
 */
export async function processorThroughput(config: TraceProcessorConfig, traces: number): Promise<{ spansPerSecond: number; spansPerBatch: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'trace-bench-'));
  const embedded = openEmbeddedPorts(dir);
  const previous = configureObservability({ sink: () => undefined });
  usePorts(embedded.ports);
  try {
    const handler = createTraceProcessor(config);
    const context = { awsRequestId: 'bench', functionName: 'trace-processor' } as never;
    const warm = events(1000);
    for (const e of warm.events) await handler(e, context);
    const { events: batches, spans } = events(traces);
    const c0 = process.cpuUsage();
    for (const e of batches) {
      const r = await handler(e, context);
      if (r.batchItemFailures.length > 0) throw new Error('bench batch had failures');
    }
    const d = process.cpuUsage(c0);
    return { spansPerSecond: spans / ((d.user + d.system) / 1e6), spansPerBatch: Math.round(spans / batches.length) };
  } finally {
    usePorts(undefined);
    configureObservability(previous);
    embedded.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Wall-clock latency of `GET /monitoring/traces/{id}` for one stored trace through the local platform's HTTP API. */
export async function traceViewLatency(trace: readonly Span[], requests: number): Promise<{ p50: number; p95: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'trace-view-bench-'));
  const platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: () => undefined });
  try {
    await platform.ports.traces.putSpans(trace);
    const url = `${platform.url}/monitoring/traces/${trace[0].traceId}`;
    const times: number[] = [];
    for (let i = 0; i < requests + 10; i++) {
      const t0 = performance.now();
      const res = await fetch(url);
      const body = (await res.json()) as { spans: unknown[] };
      if (res.status !== 200 || body.spans.length !== trace.length) throw new Error(`trace view answered ${res.status}`);
      if (i >= 10) times.push(performance.now() - t0);
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  } finally {
    await platform.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
