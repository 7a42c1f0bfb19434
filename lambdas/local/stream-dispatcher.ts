import { randomUUID } from 'node:crypto';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import type { DeliveredRecord, SqliteTelemetryStream } from '../adapters/embedded/sqlite-telemetry-stream';
import type { Signal } from '../core/domain/telemetry';
import { kinesisEventFrom } from './kinesis-event';
import { lambdaContext } from './lambda-context';

/** A processor as Lambda calls it. */
export type ProcessorHandler = (event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse | void>;

/** How the dispatcher delivers; every field has a default. */
export interface DispatcherSettings {
  /** Records per event (the event source mapping's batch size). @default 100 */
  readonly batchSize: number;
  /** Idle wait between polls. @default 100 */
  readonly pollIntervalMs: number;
  /** Failed deliveries of a record before it is dead-lettered. @default 3 */
  readonly maxAttempts: number;
  /** First retry delay; doubles per attempt. @default 200 */
  readonly backoffBaseMs: number;
  /** @default 10000 */
  readonly backoffMaxMs: number;
  /** Invocation timeout handed to the processor's context. @default 60000 */
  readonly timeoutMs: number;
}

/** Defaults of {@link DispatcherSettings}. */
export const DEFAULT_DISPATCHER_SETTINGS: DispatcherSettings = {
  batchSize: 100,
  pollIntervalMs: 100,
  maxAttempts: 3,
  backoffBaseMs: 200,
  backoffMaxMs: 10_000,
  timeoutMs: 60_000,
};

/** The processor of each signal, with the function name its context carries. */
export type ProcessorTable = Readonly<Record<Signal, { readonly name: string; readonly handler: ProcessorHandler }>>;

/**
 * Drives the processors from the local stream the way a Kinesis event source mapping with
 * `reportBatchItemFailures` does: records before the lowest failed sequence number are
 * checkpointed (acked); the rest are retried together after a backoff; a record that has
 * failed `maxAttempts` times goes to the dead-letter table with its reason. A thrown error
 * or an unusable `itemIdentifier` fails the whole batch, as on Lambda.
 */
export class StreamDispatcher {
  private readonly settings: DispatcherSettings;
  private running = false;
  private loops: Promise<void>[] = [];
  private wake: (() => void)[] = [];

  constructor(
    private readonly stream: SqliteTelemetryStream,
    private readonly processors: ProcessorTable,
    settings: Partial<DispatcherSettings> = {},
  ) {
    this.settings = { ...DEFAULT_DISPATCHER_SETTINGS, ...settings };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = (Object.keys(this.processors) as Signal[]).map((signal) => this.loop(signal));
  }

  /** Stops polling and resolves once the batches in flight have been settled. */
  async stop(): Promise<void> {
    this.running = false;
    for (const w of this.wake.splice(0)) w();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Delivers one batch of a signal now; resolves with the number of records delivered (0 when none were due). */
  async deliverOnce(signal: Signal): Promise<number> {
    const records = this.stream.receive(signal, this.settings.batchSize);
    if (records.length === 0) return 0;
    const { name, handler } = this.processors[signal];
    const outcome = await invoke(handler, kinesisEventFrom(signal, records), lambdaContext(name, randomUUID(), this.settings.timeoutMs), records);
    this.settle(signal, records, outcome);
    return records.length;
  }

  private async loop(signal: Signal): Promise<void> {
    while (this.running) {
      let delivered = 0;
      try {
        delivered = await this.deliverOnce(signal);
      } catch (error) {
        // The database failed (e.g. closed under us); wait and try again rather than spin.
        console.error(JSON.stringify({ level: 'error', message: 'stream dispatch failed', signal, error: String(error) }));
      }
      if (delivered === 0 && this.running) await this.sleep(this.settings.pollIntervalMs);
    }
  }

  private settle(signal: Signal, records: readonly DeliveredRecord[], outcome: Outcome): void {
    if (outcome.failedSeqs.size === 0) {
      this.stream.ack(signal, records.map((r) => r.seq));
      return;
    }
    const lowest = Math.min(...outcome.failedSeqs);
    this.stream.ack(signal, records.filter((r) => r.seq < lowest).map((r) => r.seq));
    const failed = records.find((r) => r.seq === lowest) as DeliveredRecord;
    const rest = records.filter((r) => r.seq >= lowest);
    const failures = failed.attempts + 1;
    if (failures >= this.settings.maxAttempts) {
      this.stream.deadLetter(signal, [lowest], `${outcome.reason} (failed ${failures} of ${this.settings.maxAttempts} attempts)`);
      // The records after it were not at fault: they are delivered again at once.
      return;
    }
    const delay = Math.min(this.settings.backoffMaxMs, this.settings.backoffBaseMs * 2 ** failed.attempts);
    this.stream.retry(signal, rest.map((r) => r.seq), delay);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = this.wake.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.push(done);
    });
  }
}

interface Outcome {
  readonly failedSeqs: ReadonlySet<number>;
  readonly reason: string;
}

async function invoke(handler: ProcessorHandler, event: KinesisStreamEvent, context: Context, records: readonly DeliveredRecord[]): Promise<Outcome> {
  const all = new Set(records.map((r) => r.seq));
  let response: KinesisStreamBatchResponse | void;
  try {
    response = await handler(event, context);
  } catch (error) {
    return { failedSeqs: all, reason: `processor threw: ${error instanceof Error ? error.message : String(error)}` };
  }
  const failures = response?.batchItemFailures ?? [];
  const failedSeqs = new Set<number>();
  for (const f of failures) {
    const seq = f.itemIdentifier ? Number(f.itemIdentifier) : Number.NaN;
    if (!all.has(seq)) return { failedSeqs: all, reason: `processor returned an unusable itemIdentifier ${JSON.stringify(f.itemIdentifier)}; the whole batch fails` };
    failedSeqs.add(seq);
  }
  return { failedSeqs, reason: 'processor reported the record as failed' };
}
