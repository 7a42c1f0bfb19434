import type { Signal, StreamRecord } from '../domain/telemetry';
import type { Pingable } from './page';

/** What a put did: the records that were not accepted, with the reason. */
export interface StreamPutResult {
  readonly failed: readonly { readonly id: string; readonly reason: string }[];
}

/**
 * The per-signal streams between ingest and the processors (Kinesis on AWS, a SQLite queue locally).
 * A resolved put means the accepted records are durable.
 */
export interface TelemetryStream extends Pingable {
  put(signal: Signal, records: readonly StreamRecord[]): Promise<StreamPutResult>;
}
