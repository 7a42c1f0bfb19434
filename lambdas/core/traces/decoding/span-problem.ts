/** Why a span was rejected or changed while decoding. */
export type SpanProblemCode =
  | 'invalid_trace_id'
  | 'invalid_span_id'
  | 'invalid_parent_span_id'
  | 'invalid_timestamp'
  | 'end_before_start'
  | 'missing_duration'
  | 'attribute_truncated'
  | 'invalid_span';

/** What the decoder did about a problem: the span was dropped, or kept (possibly altered). */
export type SpanProblemAction = 'rejected' | 'truncated' | 'kept';

/**
 * One per-span problem found while decoding a batch. A batch never fails for per-span
 * problems: a rejected span is left out and reported here, the rest of the batch decodes.
 */
export interface SpanProblem {
  /** Where the span sits in the payload, e.g. `resourceSpans[0].scopeSpans[1].spans[3]` or `[7]`. */
  readonly path: string;
  readonly code: SpanProblemCode;
  readonly action: SpanProblemAction;
  readonly message: string;
  /** The span's ids as far as they could be read (raw text when invalid). */
  readonly traceId?: string;
  readonly spanId?: string;
  /** For `attribute_truncated`: the attribute key. */
  readonly attribute?: string;
}

/** Limits and choices of the decoders. */
export interface DecodeOptions {
  /**
   * Longest string kept in an attribute value (also inside arrays and kvlists, and event
   * attributes), in UTF-16 code units; longer strings are cut and reported as `attribute_truncated`.
   * @default 65536
   */
  readonly maxAttributeValueLength?: number;
}

/** Default {@link DecodeOptions.maxAttributeValueLength}: 64 KiB. */
export const DEFAULT_MAX_ATTRIBUTE_VALUE_LENGTH = 65536;

/** What a decoder answers: the valid spans and one problem per rejected or altered span. */
export interface DecodeResult {
  readonly spans: import('../../domain/span').Span[];
  readonly problems: SpanProblem[];
  /** Number of spans left out (each has a `rejected` problem). */
  readonly rejected: number;
}
