import { gunzipSync } from 'node:zlib';
import { PlatformError } from '../../core/domain/errors';
import type { Span } from '../../core/domain/span';
import { httpError } from '../http/responses';
import type { ApiResponse } from '../http/api-types';
import type { Accepted } from './stream-writer';
import { MAX_ENVELOPE_BYTES } from './stream-writer';

/** Largest body once gunzipped: a bound against compression bombs. */
export const MAX_INFLATED_TRACE_BYTES = 64 * 1024 * 1024;

// Room left in a record for the envelope's own fields (id, kind, receivedAt, brackets) and the partition key.
const ENVELOPE_OVERHEAD = 256;

/**
 * The request body after `Content-Encoding` (gzip or none). Anything else answers 415; a body
 * that is not gzip answers 400; one that inflates past {@link MAX_INFLATED_TRACE_BYTES}, 413.
 */
export function traceRequestBody(body: unknown, contentEncoding: string | undefined): Buffer | ApiResponse {
  const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return raw;
  if (encoding !== 'gzip') {
    return httpError(415, 'unsupported_media_type', `content encoding ${JSON.stringify(encoding)} is not accepted; use gzip or none`, [{ accepted: ['gzip', 'identity'] }]);
  }
  try {
    return gunzipSync(raw, { maxOutputLength: MAX_INFLATED_TRACE_BYTES });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') throw new PlatformError('payload_too_large', `the body inflates past ${MAX_INFLATED_TRACE_BYTES} bytes`, [{ limit: MAX_INFLATED_TRACE_BYTES }]);
    throw new PlatformError('invalid_argument', `the body is not valid gzip: ${e.message}`, [{ in: 'body', contentEncoding: encoding }]);
  }
}

/**
 * Groups spans by trace id into `spans` payloads for the traces stream, partitioned by trace
 * id so a trace's spans reach one shard (and one tail-sampling buffer). A trace too big for
 * one record is split over several with the same key; a single span too big for any record
 * throws 413 naming it.
 */
export function spanPayloads(spans: readonly Span[]): Accepted<Span[]>[] {
  const budget = MAX_ENVELOPE_BYTES - ENVELOPE_OVERHEAD;
  const byTrace = new Map<string, Span[]>();
  for (const s of spans) {
    const group = byTrace.get(s.traceId);
    if (group) group.push(s);
    else byTrace.set(s.traceId, [s]);
  }
  const out: Accepted<Span[]>[] = [];
  for (const [traceId, group] of byTrace) {
    let current: Span[] = [];
    let size = 2;
    for (const s of group) {
      const bytes = Buffer.byteLength(JSON.stringify(s), 'utf8') + 1;
      if (bytes + 2 > budget - traceId.length) {
        throw new PlatformError('payload_too_large', `span ${s.spanId} of trace ${traceId} encodes to ${bytes} bytes; a stream record takes at most ${MAX_ENVELOPE_BYTES}`, [
          { traceId, spanId: s.spanId, size: bytes, limit: MAX_ENVELOPE_BYTES },
        ]);
      }
      if (size + bytes > budget - traceId.length && current.length > 0) {
        out.push({ kind: 'spans', body: current, partitionKey: traceId });
        current = [];
        size = 2;
      }
      current.push(s);
      size += bytes;
    }
    if (current.length > 0) out.push({ kind: 'spans', body: current, partitionKey: traceId });
  }
  return out;
}
