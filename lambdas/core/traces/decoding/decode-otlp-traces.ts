import { PlatformError } from '../../domain/errors';
import type { Span, SpanEvent } from '../../domain/span';
import { AnyValueReader, type AttributeValue } from './any-value';
import { isEmptyId, rawId, readId } from './hex-id';
import { readOtlpKind, readOtlpStatusCode } from './otlp-enums';
import { DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH, type DecodeOptions, type DecodeResult, type SpanProblem } from './span-problem';
import { nanosToMicros } from './unix-nanos';

/** The service name OpenTelemetry prescribes when a resource has no `service.name`. */
export const UNKNOWN_SERVICE = 'unknown_service';

type Obj = Record<string, unknown>;

/**
 * Decodes an OTLP `ExportTraceServiceRequest` into spans: either its OTLP/HTTP JSON form
 * (already `JSON.parse`d) or an already-decoded protobuf message with the same field names
 * (ids as `Uint8Array`, times as `Long`/bigint/number, enums as numbers).
 *
 * Handling, per span (never failing the batch):
 * - trace id not 16 bytes / span id not 8 bytes / non-hex / all zeros → rejected;
 *   a parent id that is present but malformed → rejected; an all-zero parent means "root";
 * - missing or malformed start/end times → rejected; end before start → rejected;
 * - a string attribute value longer than the limit (64 KiB) → cut and reported as truncated;
 * - parents missing from the batch are not checked: they may arrive in a later batch.
 *
 * The service is the resource's `service.name` (`unknown_service` when absent); the scope's
 * name and version are kept as `otel.scope.name` / `otel.scope.version` attributes, as the
 * OTLP-to-Zipkin mapping does. A payload that is not an object with a `resourceSpans` array
 * (absent is fine: an empty request) throws `invalid_argument`.
 */
export function decodeOtlpTraces(request: unknown, options: DecodeOptions = {}): DecodeResult {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    throw new PlatformError('invalid_argument', 'an ExportTraceServiceRequest must be a JSON object');
  }
  const resourceSpans = (request as Obj).resourceSpans;
  if (resourceSpans !== undefined && resourceSpans !== null && !Array.isArray(resourceSpans)) {
    throw new PlatformError('invalid_argument', 'resourceSpans must be an array');
  }
  const reader = new AnyValueReader(options.maxAttributeValueLength ?? DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH);
  const spans: Span[] = [];
  const problems: SpanProblem[] = [];
  let rejected = 0;
  const rsList = (resourceSpans ?? []) as unknown[];
  for (let r = 0; r < rsList.length; r++) {
    const rs = (rsList[r] ?? {}) as Obj;
    const resource = reader.readAttributes(((rs.resource ?? {}) as Obj).attributes);
    reader.takeTruncated(); // a long resource attribute is cut silently: it is not any one span's fault
    const svc = resource['service.name'];
    const service = typeof svc === 'string' && svc !== '' ? svc : UNKNOWN_SERVICE;
    const scopeList = (Array.isArray(rs.scopeSpans) ? rs.scopeSpans : Array.isArray(rs.instrumentationLibrarySpans) ? rs.instrumentationLibrarySpans : []) as unknown[];
    for (let s = 0; s < scopeList.length; s++) {
      const ss = (scopeList[s] ?? {}) as Obj;
      const scope = (ss.scope ?? ss.instrumentationLibrary ?? {}) as Obj;
      const scopeName = typeof scope.name === 'string' && scope.name !== '' ? scope.name : undefined;
      const scopeVersion = typeof scope.version === 'string' && scope.version !== '' ? scope.version : undefined;
      const list = (Array.isArray(ss.spans) ? ss.spans : []) as unknown[];
      for (let i = 0; i < list.length; i++) {
        const path = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        const before = problems.length;
        const span = decodeSpan(list[i], { service, resource, scopeName, scopeVersion }, reader, path, problems);
        if (span) spans.push(span);
        else if (problems.length > before) rejected++;
      }
    }
  }
  return { spans, problems, rejected };
}

interface SpanContext {
  readonly service: string;
  readonly resource: Record<string, AttributeValue>;
  readonly scopeName?: string;
  readonly scopeVersion?: string;
}

function decodeSpan(raw: unknown, ctx: SpanContext, reader: AnyValueReader, path: string, problems: SpanProblem[]): Span | undefined {
  if (raw === null || typeof raw !== 'object') {
    problems.push({ path, code: 'invalid_span', action: 'rejected', message: 'span is not an object' });
    return undefined;
  }
  const o = raw as Obj;
  const reject = (code: SpanProblem['code'], message: string): undefined => {
    problems.push({ path, code, action: 'rejected', message, traceId: rawId(o.traceId), spanId: rawId(o.spanId) });
    return undefined;
  };
  const traceId = readId(o.traceId, 16);
  if (!traceId.ok) return reject('invalid_trace_id', `traceId: ${traceId.reason}`);
  const spanId = readId(o.spanId, 8);
  if (!spanId.ok) return reject('invalid_span_id', `spanId: ${spanId.reason}`);
  let parentSpanId: string | undefined;
  if (!isEmptyId(o.parentSpanId)) {
    const parent = readId(o.parentSpanId, 8);
    if (parent.ok) parentSpanId = parent.hex;
    else if (parent.reason !== 'id is all zeros') return reject('invalid_parent_span_id', `parentSpanId: ${parent.reason}`);
  }
  const start = nanosToMicros(o.startTimeUnixNano);
  const end = nanosToMicros(o.endTimeUnixNano);
  if (start === undefined || end === undefined) return reject('invalid_timestamp', 'startTimeUnixNano and endTimeUnixNano must be non-negative integers');
  if (end < start) return reject('end_before_start', `span ends ${start - end}µs before it starts`);

  const attributes = reader.readAttributes(o.attributes);
  if (ctx.scopeName !== undefined && attributes['otel.scope.name'] === undefined) attributes['otel.scope.name'] = ctx.scopeName;
  if (ctx.scopeVersion !== undefined && attributes['otel.scope.version'] === undefined) attributes['otel.scope.version'] = ctx.scopeVersion;
  const events = readEvents(o.events, reader);
  const status = (o.status ?? {}) as Obj;
  const statusMessage = typeof status.message === 'string' && status.message !== '' ? reader.cut(status.message, 'status.message') : undefined;
  const truncated = reader.takeTruncated();
  for (const key of truncated) {
    problems.push({
      path,
      code: 'attribute_truncated',
      action: 'truncated',
      message: `attribute value longer than the limit was cut`,
      traceId: traceId.hex,
      spanId: spanId.hex,
      attribute: key,
    });
  }
  const span: Span = {
    traceId: traceId.hex,
    spanId: spanId.hex,
    ...(parentSpanId !== undefined ? { parentSpanId } : {}),
    name: typeof o.name === 'string' ? o.name : '',
    service: ctx.service,
    kind: readOtlpKind(o.kind),
    startTime: start,
    duration: end - start,
    status: readOtlpStatusCode(status.code),
    ...(statusMessage !== undefined ? { statusMessage } : {}),
    attributes,
    resource: ctx.resource,
    events,
  };
  return span;
}

function readEvents(list: unknown, reader: AnyValueReader): SpanEvent[] {
  if (!Array.isArray(list) || list.length === 0) return [];
  const events: SpanEvent[] = [];
  for (const raw of list as unknown[]) {
    if (raw === null || typeof raw !== 'object') continue;
    const e = raw as Obj;
    const time = nanosToMicros(e.timeUnixNano);
    // An event without a readable time is dropped rather than failing its span.
    if (time === undefined) continue;
    const name = typeof e.name === 'string' ? e.name : '';
    events.push({ time, name, attributes: reader.readAttributes(e.attributes, `event.${name}.`) });
  }
  return events;
}
