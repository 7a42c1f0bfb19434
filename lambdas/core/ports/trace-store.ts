import type { TimeRange } from '../domain/series';
import type { Span, SpanStatus, TraceSummary } from '../domain/span';
import type { Page, PageRequest, Pingable } from './page';

/** A trace search. Durations in microseconds. */
export interface TraceQuery extends PageRequest {
  readonly range: TimeRange;
  readonly service?: string;
  readonly operation?: string;
  readonly minDuration?: number;
  readonly maxDuration?: number;
  readonly status?: SpanStatus;
}

/** Where kept spans live (X-Ray on AWS, SQLite locally). */
export interface TraceStore extends Pingable {
  /** Stores spans; a (traceId, spanId) already stored is replaced, so redelivery is harmless. */
  putSpans(spans: readonly Span[]): Promise<void>;
  /** Every stored span of a trace, in start order; empty when unknown. */
  getTrace(traceId: string): Promise<Span[]>;
  searchTraces(query: TraceQuery): Promise<Page<TraceSummary>>;
  /** Services that reported spans in the range, sorted. */
  services(range: TimeRange): Promise<string[]>;
}
