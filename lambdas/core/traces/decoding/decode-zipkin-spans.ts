import { PlatformError } from '../../domain/errors';
import type { Span, SpanEvent, SpanKind, SpanStatus } from '../../domain/span';
import { AnyValueReader, type AttributeValue } from './any-value';
import { UNKNOWN_SERVICE } from './decode-otlp-traces';
import { rawId, readId } from './hex-id';
import { DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH, type DecodeOptions, type DecodeResult, type SpanProblem } from './span-problem';

type Obj = Record<string, unknown>;

const ZIPKIN_KINDS: Readonly<Record<string, SpanKind>> = {
  CLIENT: 'client',
  SERVER: 'server',
  PRODUCER: 'producer',
  CONSUMER: 'consumer',
};

/**
 * Decodes a Zipkin v2 JSON span list (`POST /api/v2/spans`, already `JSON.parse`d) into spans.
 *
 * - 64-bit trace ids are left-padded with zeros to 32 hex digits; ids follow the same
 *   validity rules as OTLP (rejected when malformed or all zeros);
 * - `timestamp` and `duration` are already microseconds; a missing or negative timestamp is
 *   rejected, a negative duration is `end_before_start`; a missing duration (an incomplete
 *   span) is kept with duration 0 and reported as `missing_duration`;
 * - no `kind` means a local span: 'internal';
 * - `localEndpoint.serviceName` is the service; `remoteEndpoint` becomes `peer.service`,
 *   `network.peer.address` and `network.peer.port` attributes; `tags` become attributes;
 * - status: an `error` tag means 'error' (its value, unless empty or "true", is the message);
 *   otherwise `otel.status_code` (`OK`/`ERROR`) and `otel.status_description` are honoured;
 * - annotations become events with no attributes;
 * - a `shared` server span gets its own span id (see `splitSharedSpans`).
 *
 * A body that is not an array throws `invalid_argument`.
 */
export function decodeZipkinSpans(body: unknown, options: DecodeOptions = {}): DecodeResult {
  if (!Array.isArray(body)) throw new PlatformError('invalid_argument', 'a Zipkin v2 body must be a JSON array of spans');
  const reader = new AnyValueReader(options.maxAttributeValueLength ?? DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH);
  const spans: Span[] = [];
  const problems: SpanProblem[] = [];
  let rejected = 0;
  const shared: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const before = problems.length;
    const span = decodeOne(body[i], reader, `[${i}]`, problems);
    if (span) {
      const o = body[i] as Obj;
      if (o.shared === true && span.kind === 'server') shared.push(spans.length);
      spans.push(span);
    } else if (problems.length > before) rejected++;
  }
  if (shared.length > 0) splitSharedSpans(spans, shared);
  return { spans, problems, rejected };
}

/**
 * A Zipkin `shared` server span reuses its client's span id (B3 "join"), which would make the
 * two overwrite each other wherever spans are keyed by (trace, span id), and hides the
 * client/server pair from the service graph. Each one gets its own id, derived from the
 * shared one (the top 32 bits inverted, so redelivery gives the same id), with the client as
 * its parent; spans of the same service in this batch that named the shared id as parent are
 * moved under the server span. Children arriving in other batches stay under the client.
 */
function splitSharedSpans(spans: Span[], indexes: readonly number[]): void {
  const renamed = new Map<string, { id: string; service: string }>();
  for (const i of indexes) {
    const s = spans[i];
    const id = splitId(s.spanId);
    renamed.set(`${s.traceId}:${s.spanId}`, { id, service: s.service });
    spans[i] = { ...s, spanId: id, parentSpanId: s.spanId, attributes: { ...s.attributes, 'zipkin.shared': true } };
  }
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i];
    if (s.parentSpanId === undefined) continue;
    const r = renamed.get(`${s.traceId}:${s.parentSpanId}`);
    if (r && r.service === s.service && r.id !== s.spanId) spans[i] = { ...s, parentSpanId: r.id };
  }
}

function splitId(id: string): string {
  const top = (~parseInt(id.slice(0, 8), 16) >>> 0).toString(16).padStart(8, '0');
  return top + id.slice(8);
}

function decodeOne(raw: unknown, reader: AnyValueReader, path: string, problems: SpanProblem[]): Span | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ path, code: 'invalid_span', action: 'rejected', message: 'span is not an object' });
    return undefined;
  }
  const o = raw as Obj;
  const reject = (code: SpanProblem['code'], message: string): undefined => {
    problems.push({ path, code, action: 'rejected', message, traceId: rawId(o.traceId), spanId: rawId(o.id) });
    return undefined;
  };
  const rawTrace = typeof o.traceId === 'string' && o.traceId.length === 16 ? o.traceId.padStart(32, '0') : o.traceId;
  const traceId = readId(rawTrace, 16);
  if (!traceId.ok || typeof o.traceId !== 'string') return reject('invalid_trace_id', `traceId: ${traceId.ok ? 'must be a hex string' : traceId.reason}`);
  const spanId = readId(o.id, 8);
  if (!spanId.ok || typeof o.id !== 'string') return reject('invalid_span_id', `id: ${spanId.ok ? 'must be a hex string' : spanId.reason}`);
  let parentSpanId: string | undefined;
  if (o.parentId !== undefined && o.parentId !== null && o.parentId !== '') {
    const parent = readId(o.parentId, 8);
    if (parent.ok) parentSpanId = parent.hex;
    else if (parent.reason !== 'id is all zeros') return reject('invalid_parent_span_id', `parentId: ${parent.reason}`);
  }
  const timestamp = o.timestamp;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0) return reject('invalid_timestamp', 'timestamp must be non-negative epoch microseconds');
  let duration = 0;
  if (o.duration === undefined || o.duration === null) {
    problems.push({ path, code: 'missing_duration', action: 'kept', message: 'span has no duration; kept with duration 0', traceId: traceId.hex, spanId: spanId.hex });
  } else if (typeof o.duration !== 'number' || !Number.isFinite(o.duration)) {
    return reject('invalid_timestamp', 'duration must be microseconds');
  } else if (o.duration < 0) {
    return reject('end_before_start', `span ends ${-o.duration}µs before it starts`);
  } else {
    duration = Math.round(o.duration);
  }

  const local = (o.localEndpoint ?? {}) as Obj;
  const service = typeof local.serviceName === 'string' && local.serviceName !== '' ? local.serviceName : UNKNOWN_SERVICE;
  const attributes: Record<string, AttributeValue> = {};
  const remote = (o.remoteEndpoint ?? {}) as Obj;
  if (typeof remote.serviceName === 'string' && remote.serviceName !== '') attributes['peer.service'] = remote.serviceName;
  const peerAddress = remote.ipv4 ?? remote.ipv6;
  if (typeof peerAddress === 'string' && peerAddress !== '') attributes['network.peer.address'] = peerAddress;
  if (typeof remote.port === 'number') attributes['network.peer.port'] = remote.port;
  const tags = (o.tags ?? {}) as Obj;
  for (const key of Object.keys(tags)) {
    const v = tags[key];
    attributes[key] = typeof v === 'string' ? reader.cut(v, key) : typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
  }
  const { status, statusMessage } = readStatus(tags);
  const events: SpanEvent[] = [];
  if (Array.isArray(o.annotations)) {
    for (const a of o.annotations as unknown[]) {
      const ann = (a ?? {}) as Obj;
      if (typeof ann.timestamp !== 'number' || typeof ann.value !== 'string') continue;
      events.push({ time: ann.timestamp, name: reader.cut(ann.value, 'annotation'), attributes: {} });
    }
  }
  for (const key of reader.takeTruncated()) {
    problems.push({ path, code: 'attribute_truncated', action: 'truncated', message: 'attribute value longer than the limit was cut', traceId: traceId.hex, spanId: spanId.hex, attribute: key });
  }
  return {
    traceId: traceId.hex,
    spanId: spanId.hex,
    ...(parentSpanId !== undefined ? { parentSpanId } : {}),
    name: typeof o.name === 'string' ? o.name : '',
    service,
    kind: (typeof o.kind === 'string' && ZIPKIN_KINDS[o.kind.toUpperCase()]) || 'internal',
    startTime: Math.floor(timestamp),
    duration,
    status,
    ...(statusMessage !== undefined ? { statusMessage } : {}),
    attributes,
    resource: { 'service.name': service },
    events,
  };
}

function readStatus(tags: Obj): { status: SpanStatus; statusMessage?: string } {
  const error = tags.error;
  if (error !== undefined) {
    const text = String(error);
    return text === '' || text === 'true' ? { status: 'error' } : { status: 'error', statusMessage: text };
  }
  const code = typeof tags['otel.status_code'] === 'string' ? tags['otel.status_code'].toUpperCase() : '';
  const description = tags['otel.status_description'];
  const statusMessage = typeof description === 'string' && description !== '' ? description : undefined;
  if (code === 'ERROR') return statusMessage !== undefined ? { status: 'error', statusMessage } : { status: 'error' };
  if (code === 'OK') return { status: 'ok' };
  return { status: 'unset' };
}
