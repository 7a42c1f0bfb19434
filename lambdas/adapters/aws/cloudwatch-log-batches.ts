import type { InputLogEvent } from '@aws-sdk/client-cloudwatch-logs';

/** PutLogEvents limits (CloudWatch Logs quotas). */
export const PUT_LOG_EVENTS_LIMITS = {
  events: 10_000,
  bytes: 1_048_576,
  /** Counted per event on top of the UTF-8 message bytes. */
  overheadPerEvent: 26,
  /** Events in one call may span at most 24 hours. */
  spanMs: 24 * 3_600_000,
  /** Largest event this store sends (the quota is larger in newer accounts; this one works everywhere). */
  eventBytes: 256 * 1024,
} as const;

/**
 * Splits events into PutLogEvents calls: sorted by time, at most 10,000 events and
 * 1,048,576 bytes (message bytes + 26 per event) per call, each call spanning at most 24 h.
 */
export function cloudWatchLogBatches(events: readonly InputLogEvent[]): InputLogEvent[][] {
  const sorted = [...events].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  const out: InputLogEvent[][] = [];
  let batch: InputLogEvent[] = [];
  let bytes = 0;
  for (const e of sorted) {
    const size = Buffer.byteLength(e.message ?? '', 'utf8') + PUT_LOG_EVENTS_LIMITS.overheadPerEvent;
    const first = batch[0]?.timestamp ?? 0;
    const full =
      batch.length === PUT_LOG_EVENTS_LIMITS.events ||
      bytes + size > PUT_LOG_EVENTS_LIMITS.bytes ||
      (batch.length > 0 && (e.timestamp ?? 0) - first > PUT_LOG_EVENTS_LIMITS.spanMs);
    if (full) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(e);
    bytes += size;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}
