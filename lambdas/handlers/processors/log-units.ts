import { gunzipSync } from 'node:zlib';
import type { LogRecord } from '../../core/domain/log-record';
import type { RawLogEntry } from '../../core/domain/raw-log-entry';
import { decodeCloudWatchSubscription } from '../../core/log-ingest/cloudwatch-subscription';
import { decodeEnvelope } from '../../api/ingest/envelope-codec';
import { RAW_LOG_ENTRIES_KIND } from '../../api/ingest/log-envelopes';
import { BodyShapeError, logRecordsBody } from './envelope-bodies';

/** Largest inflated CloudWatch subscription record (Kinesis records are at most 1 MB compressed). */
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

/** One stream record's content: raw entries to process, or records already processed. */
export interface LogUnit {
  readonly sequenceNumber: string;
  /** Stable across redelivery: the envelope id, or the CloudWatch record's first event id. */
  readonly unitId: string;
  readonly fromCloudWatch: boolean;
  readonly entries: readonly RawLogEntry[];
  readonly records: readonly LogRecord[];
}

/**
 * Reads one `logs` stream record: gzip data is a CloudWatch Logs subscription payload
 * (CONTROL_MESSAGE gives no entries), anything else a JSON envelope (`raw-log-entries` from
 * ingest, or `log-records` already processed). Throws when the record cannot be read.
 */
export function decodeLogUnit(sequenceNumber: string, data: Buffer): LogUnit {
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    let text: string;
    try {
      text = gunzipSync(data, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
    } catch (e) {
      throw new Error(`CloudWatch Logs subscription record is not valid gzip: ${(e as Error).message}`);
    }
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (e) {
      throw new Error(`CloudWatch Logs subscription record is not JSON: ${(e as Error).message}`);
    }
    const entries = decodeCloudWatchSubscription(payload);
    return { sequenceNumber, unitId: entries[0]?.id ?? `cwl-control-${sequenceNumber}`, fromCloudWatch: true, entries, records: [] };
  }
  const envelope = decodeEnvelope(data);
  if (envelope.kind === RAW_LOG_ENTRIES_KIND) return { sequenceNumber, unitId: envelope.id, fromCloudWatch: false, entries: rawEntriesBody(envelope.body), records: [] };
  if (envelope.kind === 'log-records') return { sequenceNumber, unitId: envelope.id, fromCloudWatch: false, entries: [], records: logRecordsBody(envelope.body) };
  throw new Error(`unknown envelope kind ${JSON.stringify(envelope.kind)}; expected ${RAW_LOG_ENTRIES_KIND} or log-records`);
}

/** A `raw-log-entries` body: RawLogEntry[], each with an id, a timestamp, a body and a source. */
export function rawEntriesBody(body: unknown): RawLogEntry[] {
  if (!Array.isArray(body)) throw new BodyShapeError('a raw-log-entries body must be an array');
  return body.map((e: Partial<RawLogEntry> | null, i) => {
    if (!e || typeof e.id !== 'string' || typeof e.timestamp !== 'number' || typeof e.body !== 'string' || typeof e.source !== 'string') {
      throw new BodyShapeError(`raw-log-entries[${i}] needs id, timestamp, body and source`);
    }
    return { ...(e as RawLogEntry), attributes: e.attributes ?? {} };
  });
}
