import type { Span, SpanKind, SpanStatus } from '../../core/domain/span';

/** The fields of an X-Ray segment document this store writes and reads. */
export interface SegmentDocument {
  readonly trace_id: string;
  readonly id: string;
  readonly parent_id?: string;
  readonly type?: 'subsegment';
  readonly name: string;
  readonly start_time: number;
  readonly end_time: number;
  readonly fault?: boolean;
  readonly error?: boolean;
  readonly annotations?: Record<string, string | number | boolean>;
  readonly metadata?: { readonly otel?: OtelMetadata } & Record<string, unknown>;
  readonly subsegments?: readonly SegmentDocument[];
}

/** What X-Ray has no field for, kept under `metadata.otel` so a span reads back unchanged. */
interface OtelMetadata {
  readonly name: string;
  readonly service: string;
  readonly kind: SpanKind;
  readonly status: SpanStatus;
  readonly statusMessage?: string;
  readonly startTime: number;
  readonly duration: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly resource: Readonly<Record<string, unknown>>;
  readonly events: Span['events'];
}

/** Segment documents may be at most 64 KB. */
export const MAX_SEGMENT_BYTES = 64 * 1024;
/** Annotation keys this store writes (X-Ray keys: letters, digits, underscore). */
export const ANNOTATIONS = { name: 'otel_span_name', kind: 'otel_kind', status: 'otel_status' } as const;

const SEGMENT_KINDS = new Set<SpanKind>(['server', 'consumer']);

/**
 * Conversion between spans and X-Ray segment documents: the trace id `1-<first 8 hex>-<last 24 hex>`,
 * `name` = service (X-Ray's allowed characters, at most 200), server and consumer spans (and spans
 * without a parent) as segments, the others as standalone subsegment documents; `fault` for error
 * status; span name, kind and status as annotations (searchable); everything else under
 * `metadata.otel`, trimmed when the document would pass 64 KB.
 */
export const xraySegments = {
  traceId(traceId: string): string {
    const hex = traceId.toLowerCase();
    return `1-${hex.slice(0, 8)}-${hex.slice(8, 32)}`;
  },

  otelTraceId(xrayId: string): string {
    return xrayId.replace(/^1-/, '').replace('-', '').toLowerCase();
  },

  toDocument(span: Span): string {
    const otel: OtelMetadata = {
      name: span.name,
      service: span.service,
      kind: span.kind,
      status: span.status,
      ...(span.statusMessage !== undefined && { statusMessage: span.statusMessage }),
      startTime: span.startTime,
      duration: span.duration,
      attributes: span.attributes,
      resource: span.resource,
      events: span.events,
    };
    const doc: SegmentDocument = {
      trace_id: xraySegments.traceId(span.traceId),
      id: span.spanId,
      ...(span.parentSpanId !== undefined && { parent_id: span.parentSpanId }),
      ...(span.parentSpanId !== undefined && !SEGMENT_KINDS.has(span.kind) && { type: 'subsegment' as const }),
      name: segmentName(span.service),
      start_time: span.startTime / 1e6,
      end_time: (span.startTime + span.duration) / 1e6,
      ...(span.status === 'error' && { fault: true }),
      annotations: { [ANNOTATIONS.name]: span.name.slice(0, 1000), [ANNOTATIONS.kind]: span.kind, [ANNOTATIONS.status]: span.status },
      metadata: { otel },
    };
    const json = JSON.stringify(doc);
    if (Buffer.byteLength(json) <= MAX_SEGMENT_BYTES) return json;
    // Too big: keep identity and timing, drop the bulky parts and say so.
    return JSON.stringify({ ...doc, metadata: { otel: { ...otel, attributes: { 'otel.truncated': true }, resource: {}, events: [] } } });
  },

  /** Every span in a document, its nested subsegments included. */
  toSpans(document: string, traceId: string): Span[] {
    const out: Span[] = [];
    const walk = (doc: SegmentDocument, parentId: string | undefined, service: string) => {
      const otel = doc.metadata?.otel;
      const startTime = otel?.startTime ?? Math.round(doc.start_time * 1e6);
      const parent = doc.parent_id ?? parentId;
      out.push({
        traceId,
        spanId: doc.id,
        ...(parent !== undefined && { parentSpanId: parent }),
        name: otel?.name ?? String(doc.annotations?.[ANNOTATIONS.name] ?? doc.name),
        service: otel?.service ?? service,
        kind: otel?.kind ?? (doc.type === 'subsegment' ? 'internal' : 'server'),
        startTime,
        duration: otel?.duration ?? Math.max(0, Math.round(doc.end_time * 1e6) - startTime),
        status: otel?.status ?? (doc.fault || doc.error ? 'error' : 'unset'),
        ...(otel?.statusMessage !== undefined && { statusMessage: otel.statusMessage }),
        attributes: otel?.attributes ?? {},
        resource: otel?.resource ?? {},
        events: otel?.events ?? [],
      });
      for (const sub of doc.subsegments ?? []) walk(sub, doc.id, otel?.service ?? service);
    };
    const root = JSON.parse(document) as SegmentDocument;
    walk(root, undefined, root.name);
    return out;
  },
};

function segmentName(service: string): string {
  // Allowed: Unicode letters, numbers, whitespace and _ . : / % & # = + \ - @
  return service.replace(/[^\p{L}\p{N}\s_.:/%&#=+\\\-@]/gu, '_').slice(0, 200) || 'unknown';
}
