import { randomUUID } from 'node:crypto';
import type { RawLogEntry } from '../../core/domain/raw-log-entry';
import type { Accepted } from './stream-writer';
import { MAX_ENVELOPE_BYTES } from './stream-writer';

/** The envelope kind of raw entries on the `logs` stream (read by the log processor). */
export const RAW_LOG_ENTRIES_KIND = 'raw-log-entries';

/** Largest log body accepted per entry: CloudWatch Logs takes at most 256 KB per event. */
export const MAX_LOG_BODY_BYTES = 256 * 1024 - 1024;

// Room for the envelope's own fields and the partition key.
const ENVELOPE_OVERHEAD = 512;

/**
 * Stamps every entry with an id assigned here, at ingest (`<request uuid>-<index>`), so a
 * redelivered stream record yields the same record ids and the stores deduplicate it.
 */
export function withIngestIds(entries: readonly RawLogEntry[]): RawLogEntry[] {
  const prefix = randomUUID();
  return entries.map((e, i) => (e.id ? e : { ...e, id: `${prefix}-${i.toString(36)}` }));
}

/**
 * Groups entries by service into `raw-log-entries` payloads under the stream's record size,
 * partitioned by service so one service's lines reach one shard (and one miner state writer).
 */
export function rawLogPayloads(entries: readonly RawLogEntry[]): Accepted<RawLogEntry[]>[] {
  const budget = MAX_ENVELOPE_BYTES - ENVELOPE_OVERHEAD;
  const byService = new Map<string, RawLogEntry[]>();
  for (const e of entries) {
    const key = e.service ?? '';
    const group = byService.get(key);
    if (group) group.push(e);
    else byService.set(key, [e]);
  }
  const out: Accepted<RawLogEntry[]>[] = [];
  for (const [service, group] of byService) {
    const partitionKey = service || 'unknown';
    let current: RawLogEntry[] = [];
    let size = 2;
    for (const e of group) {
      const bytes = Buffer.byteLength(JSON.stringify(e), 'utf8') + 1;
      if (size + bytes > budget && current.length > 0) {
        out.push({ kind: RAW_LOG_ENTRIES_KIND, body: current, partitionKey });
        current = [];
        size = 2;
      }
      current.push(e);
      size += bytes;
    }
    if (current.length > 0) out.push({ kind: RAW_LOG_ENTRIES_KIND, body: current, partitionKey });
  }
  return out;
}

/** Splits entries into those small enough to store and the count of oversized ones. */
export function dropOversized(entries: readonly RawLogEntry[]): { kept: RawLogEntry[]; rejected: number } {
  const kept = entries.filter((e) => Buffer.byteLength(e.body, 'utf8') <= MAX_LOG_BODY_BYTES);
  return { kept, rejected: entries.length - kept.length };
}
