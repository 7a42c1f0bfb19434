import { ConflictError } from '../../core/domain/errors';
import type { Span } from '../../core/domain/span';
import type { Ports } from '../../core/ports';
import { TraceBatchProcessor, type BufferChunk, type SpanEnvelope, type TraceProcessorState } from '../../core/traces/processing/trace-batch-processor';
import type { TraceProcessorConfig } from '../../core/traces/processing/trace-processor-config';
import { decodeEnvelope } from '../../api/ingest/envelope-codec';
import { spansBody } from './envelope-bodies';
import { deleteLargeItem, getLargeItem, putLargeItem } from './trace-state-items';

/** State kinds the trace processor keeps in the StateStore. */
export const TRACE_STATE_KIND = 'trace-processor';
/** Decision-buffer chunks: the spans one batch left waiting for a tail decision. */
export const TRACE_BUFFER_KIND = 'trace-buffer';

/** One raw stream record: its sequence number (for failure reports) and data. */
export interface RawSpanRecord {
  readonly sequenceNumber: string;
  readonly data: Uint8Array;
}

/** What a batch did. */
export interface TraceBatchResult {
  /** Records that could not be read, with why. */
  readonly failed: { readonly sequenceNumber: string; readonly reason: string }[];
  readonly kept: number;
  readonly duplicates: number;
  readonly buffered: number;
}

const PUT_SLICE = 5000;
const CONFLICT_ATTEMPTS = 5;

/**
 * Runs one batch (or, with no records, one timer tick) of a shard through the
 * {@link TraceBatchProcessor}, doing its I/O in an order that makes a crash anywhere
 * harmless: the new buffer chunk first, then kept spans and metric series (both idempotent),
 * then the shard state (the commit point, with optimistic versioning), and last the deletion
 * of chunks nobody needs. A state write that loses a race is retried from a fresh read.
 */
export async function processTraceBatch(
  ports: Pick<Ports, 'state' | 'traces' | 'metrics' | 'clock'>,
  config: TraceProcessorConfig,
  shard: string,
  records: readonly RawSpanRecord[],
): Promise<TraceBatchResult> {
  const failed: TraceBatchResult['failed'] = [];
  const envelopes: SpanEnvelope[] = [];
  for (const r of records) {
    try {
      const envelope = decodeEnvelope(r.data);
      if (envelope.kind !== 'spans') throw new Error(`unknown envelope kind ${JSON.stringify(envelope.kind)}; expected spans`);
      envelopes.push({ id: envelope.id, sequence: /^\d+$/.test(r.sequenceNumber) ? r.sequenceNumber : undefined, spans: spansBody(envelope.body) });
    } catch (error) {
      failed.push({ sequenceNumber: r.sequenceNumber, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await runOnce(ports, config, shard, envelopes);
      return { failed, ...r };
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}

async function runOnce(
  ports: Pick<Ports, 'state' | 'traces' | 'metrics' | 'clock'>,
  config: TraceProcessorConfig,
  shard: string,
  envelopes: readonly SpanEnvelope[],
): Promise<Omit<TraceBatchResult, 'failed'>> {
  const loaded = await getLargeItem<TraceProcessorState>(ports.state, TRACE_STATE_KIND, shard);
  const processor = new TraceBatchProcessor(config, loaded?.value);
  const now = ports.clock.now();
  const outcome = processor.process(envelopes, now);
  // Chunk numbers are per shard; the item id adds the shard.
  const itemId = (chunk: string) => `${shard}/${chunk}`;
  // Chunks outlive their longest possible wait, so a crash between steps cannot strand spans.
  const chunkTtl = Math.ceil(((config.tail?.decisionWaitMs ?? 10_000) + 3_600_000) / 1000);
  if (outcome.newChunk) await putLargeItem(ports.state, TRACE_BUFFER_KIND, itemId(outcome.chunkId), outcome.newChunk, { ttlSeconds: chunkTtl });
  const kept: Span[] = outcome.kept;
  for (const [chunk, traceIds] of outcome.loadChunks) {
    let stored: BufferChunk | undefined;
    try {
      stored = (await getLargeItem<BufferChunk>(ports.state, TRACE_BUFFER_KIND, itemId(chunk)))?.value;
    } catch (error) {
      console.error(JSON.stringify({ level: 'warn', message: 'buffer chunk unreadable', chunk, reason: (error as Error).message }));
    }
    if (!stored) continue;
    for (const t of traceIds) for (const s of stored[t] ?? []) kept.push(s);
  }
  for (let i = 0; i < kept.length; i += PUT_SLICE) await ports.traces.putSpans(kept.slice(i, i + PUT_SLICE));
  if (outcome.series.length > 0) {
    const instance = { instance: shard };
    await ports.metrics.write(outcome.series.map((s) => ({ labels: { ...s.labels, ...instance }, samples: s.samples })));
  }
  await putLargeItem(ports.state, TRACE_STATE_KIND, shard, processor.toJSON(), { expectedVersion: loaded?.item.version ?? 0, previous: loaded?.item });
  for (const c of outcome.deleteChunks) await deleteLargeItem(ports.state, TRACE_BUFFER_KIND, itemId(c));
  return { kept: kept.length, duplicates: outcome.duplicates, buffered: processor.buffered };
}

/** Settles every shard's due decisions and expired pairs (a timer tick); answers the shards it visited. */
export async function tickTraceShards(ports: Pick<Ports, 'state' | 'traces' | 'metrics' | 'clock'>, config: TraceProcessorConfig): Promise<string[]> {
  const shards: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.state.list(TRACE_STATE_KIND, { cursor, limit: 100 });
    for (const item of page.items) shards.push(item.id);
    cursor = page.nextCursor;
  } while (cursor);
  for (const shard of shards) await processTraceBatch(ports, config, shard, []);
  return shards;
}
