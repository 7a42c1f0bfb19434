import { randomUUID } from 'node:crypto';
import { PlatformError } from '../../core/domain/errors';
import type { Signal, StreamRecord, TelemetryEnvelope } from '../../core/domain/telemetry';
import type { Ports } from '../../core/ports';
import { encodeEnvelope } from './envelope-codec';

/** Kinesis' record limit (data plus partition key); a bigger envelope must be split by the caller. */
export const MAX_ENVELOPE_BYTES = 1024 * 1024;

/** One payload to accept: its kind, its body and the partition key that keeps related data on one shard. */
export interface Accepted<T = unknown> {
  readonly kind: string;
  readonly body: T;
  readonly partitionKey: string;
}

/**
 * The ingest contract every write endpoint uses: wrap each payload in a
 * {@link TelemetryEnvelope} with a fresh UUID, put them on the signal's stream, and resolve
 * only once the put has resolved (the records are durable). Throws 413 when an envelope is
 * over the record limit (before anything is put) and 503 when the stream refuses any record
 * or the put fails, so the client retries; redelivery is harmless because processors and
 * stores are idempotent on ids. Resolves with the envelope ids.
 */
export async function writeToStream(ports: Pick<Ports, 'stream' | 'clock'>, signal: Signal, payloads: readonly Accepted[]): Promise<string[]> {
  const receivedAt = ports.clock.now();
  const records: StreamRecord[] = payloads.map((p) => {
    const envelope: TelemetryEnvelope = { id: randomUUID(), kind: p.kind, receivedAt, body: p.body };
    return { id: envelope.id, partitionKey: p.partitionKey || envelope.id, data: encodeEnvelope(envelope) };
  });
  const tooBig = records.find((r) => r.data.byteLength + Buffer.byteLength(r.partitionKey, 'utf8') > MAX_ENVELOPE_BYTES);
  if (tooBig) {
    throw new PlatformError('payload_too_large', `one batch encodes to ${tooBig.data.byteLength} bytes; the stream takes at most ${MAX_ENVELOPE_BYTES}`, [
      { limit: MAX_ENVELOPE_BYTES, size: tooBig.data.byteLength },
    ]);
  }
  if (records.length === 0) return [];
  let failed: readonly { id: string; reason: string }[];
  try {
    failed = (await ports.stream.put(signal, records)).failed;
  } catch (error) {
    throw new PlatformError('unavailable', `the ${signal} stream did not accept the data; retry later`, [
      { signal, reason: error instanceof Error ? error.message : String(error) },
    ]);
  }
  if (failed.length > 0) {
    throw new PlatformError('unavailable', `the ${signal} stream refused ${failed.length} of ${records.length} records; retry later`, [
      { signal, failed: failed.map((f) => ({ id: f.id, reason: f.reason })) },
    ]);
  }
  return records.map((r) => r.id);
}
