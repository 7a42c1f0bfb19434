import {
  DescribeStreamSummaryCommand,
  PutRecordsCommand,
  type KinesisClient,
  type PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';
import type { Signal, StreamRecord } from '../../core/domain/telemetry';
import type { StreamPutResult, TelemetryStream } from '../../core/ports/telemetry-stream';
import { backoff, sleep } from './backoff';

/** Settings of {@link KinesisTelemetryStream}. */
export interface KinesisTelemetryStreamOptions {
  readonly client: KinesisClient;
  /** The stream of each signal. */
  readonly streamNames: Readonly<Record<Signal, string>>;
  /** Retries of records a PutRecords call refused (throttling, internal failure). @default 4 */
  readonly maxRetries?: number;
  /** Base of the jittered exponential backoff between those retries. @default 100 */
  readonly baseDelayMs?: number;
}

/** PutRecords limits (Kinesis Data Streams quotas). */
export const KINESIS_LIMITS = {
  recordsPerCall: 500,
  bytesPerCall: 5 * 1024 * 1024,
  /** Data plus partition key. */
  bytesPerRecord: 1024 * 1024,
  partitionKeyChars: 256,
} as const;

interface Pending {
  readonly record: StreamRecord;
  readonly size: number;
}

/**
 * The per-signal Kinesis streams. Records go out as PutRecords batches within the call
 * limits; entries a call refuses are retried with backoff a bounded number of times and
 * then reported in `failed` with their error code. The record's `data` is sent as is: the
 * envelope inside it already carries the record id. A call that fails as a whole (after
 * the SDK's own retries) rejects the put.
 */
export class KinesisTelemetryStream implements TelemetryStream {
  private readonly client: KinesisClient;
  private readonly streamNames: Readonly<Record<Signal, string>>;
  private readonly maxRetries: number;
  private readonly baseDelayMs: number;

  constructor(options: KinesisTelemetryStreamOptions) {
    this.client = options.client;
    this.streamNames = options.streamNames;
    this.maxRetries = options.maxRetries ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 100;
  }

  async put(signal: Signal, records: readonly StreamRecord[]): Promise<StreamPutResult> {
    const failed: { id: string; reason: string }[] = [];
    const ok: Pending[] = [];
    for (const record of records) {
      const size = record.data.byteLength + Buffer.byteLength(record.partitionKey, 'utf8');
      const reason = invalidReason(record, size);
      if (reason) failed.push({ id: record.id, reason });
      else ok.push({ record, size });
    }
    for (const batch of batches(ok)) failed.push(...(await this.putBatch(this.streamNames[signal], batch)));
    return { failed };
  }

  async ping(): Promise<void> {
    await Promise.all(
      Object.values(this.streamNames).map((StreamName) => this.client.send(new DescribeStreamSummaryCommand({ StreamName }))),
    );
  }

  private async putBatch(streamName: string, batch: Pending[]): Promise<{ id: string; reason: string }[]> {
    let todo = batch;
    let lastErrors = new Map<string, string>();
    for (let attempt = 0; todo.length > 0; attempt++) {
      if (attempt > this.maxRetries) {
        return todo.map((p) => ({ id: p.record.id, reason: lastErrors.get(p.record.id) ?? 'not accepted' }));
      }
      if (attempt > 0) await sleep(backoff(attempt, this.baseDelayMs));
      const entries: PutRecordsRequestEntry[] = todo.map((p) => ({ Data: p.record.data, PartitionKey: p.record.partitionKey }));
      const out = await this.client.send(new PutRecordsCommand({ StreamName: streamName, Records: entries }));
      if (!out.FailedRecordCount) return [];
      // Results come back in request order, one per entry.
      const results = out.Records ?? [];
      lastErrors = new Map();
      const again: Pending[] = [];
      todo.forEach((p, i) => {
        const r = results[i];
        if (r && r.SequenceNumber && !r.ErrorCode) return;
        lastErrors.set(p.record.id, `${r?.ErrorCode ?? 'Unknown'}: ${r?.ErrorMessage ?? 'no result entry'}`);
        again.push(p);
      });
      todo = again;
    }
    return [];
  }
}

function invalidReason(r: StreamRecord, size: number): string | undefined {
  const keyChars = r.partitionKey.length;
  if (keyChars < 1 || keyChars > KINESIS_LIMITS.partitionKeyChars) {
    return `partition key must be 1 to ${KINESIS_LIMITS.partitionKeyChars} characters`;
  }
  if (size > KINESIS_LIMITS.bytesPerRecord) {
    return `record is ${size} bytes with its partition key; the limit is ${KINESIS_LIMITS.bytesPerRecord}`;
  }
  return undefined;
}

function* batches(records: Pending[]): Generator<Pending[]> {
  let batch: Pending[] = [];
  let bytes = 0;
  for (const p of records) {
    if (batch.length === KINESIS_LIMITS.recordsPerCall || bytes + p.size > KINESIS_LIMITS.bytesPerCall) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(p);
    bytes += p.size;
  }
  if (batch.length > 0) yield batch;
}
