/** Span kinds, as OpenTelemetry names them. */
export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer' | 'unspecified';

/** Span status code, as OpenTelemetry names it. */
export type SpanStatus = 'unset' | 'ok' | 'error';

/** A span event (a timestamped annotation, e.g. an exception). */
export interface SpanEvent {
  /** Unix microseconds. */
  readonly time: number;
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** One span. Ids are lowercase hex (32 digits for a trace, 16 for a span). Times in Unix microseconds. */
export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly service: string;
  readonly kind: SpanKind;
  /** Unix microseconds. */
  readonly startTime: number;
  /** Microseconds. */
  readonly duration: number;
  readonly status: SpanStatus;
  readonly statusMessage?: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly resource: Readonly<Record<string, unknown>>;
  readonly events: readonly SpanEvent[];
}

/** A trace's summary, as trace search answers it. */
export interface TraceSummary {
  readonly traceId: string;
  readonly rootService: string;
  readonly rootName: string;
  /** Unix microseconds. */
  readonly startTime: number;
  /** Microseconds. */
  readonly duration: number;
  readonly spanCount: number;
  readonly errorCount: number;
  readonly services: readonly string[];
}
