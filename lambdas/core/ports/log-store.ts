import type { LogLevel, LogRecord, LogStream } from '../domain/log-record';
import type { LogQueryNode } from '../domain/log-query-ast';
import type { TimeRange } from '../domain/series';
import type { Page, PageRequest, Pingable } from './page';

/** A log search: time range plus optional filters; `text` is a full-text match on the message. */
export interface LogQuery extends PageRequest {
  readonly range: TimeRange;
  readonly service?: string;
  readonly level?: LogLevel;
  readonly text?: string;
  readonly traceId?: string;
  /** Newest first by default. */
  readonly order?: 'asc' | 'desc';
}

/** A search: the plain filters of {@link LogQuery} AND a parsed query (Lucene style). */
export interface LogSearch extends LogQuery {
  readonly filter?: LogQueryNode;
}

/** An aggregation over the records a search matches. */
export type LogAggregation =
  /** Record counts per value of a field (`service`, `level`, `patternId`, `attributes.<key>`...), largest first. */
  | { readonly type: 'terms'; readonly field: string; readonly size?: number }
  /** Record counts per time bucket (`intervalMs` wide, aligned to the epoch), optionally split by a field. */
  | { readonly type: 'histogram'; readonly intervalMs: number; readonly by?: string; readonly size?: number };

/** One bucket: a field value (terms) or a bucket start in Unix ms (histogram, with `by` when split). */
export interface LogBucket {
  readonly key: string | number;
  readonly by?: string;
  readonly count: number;
}

/** Where log records live (CloudWatch Logs on AWS, SQLite with FTS5 locally). */
export interface LogStore extends Pingable {
  /** Stores records; a record whose id is already stored is skipped (redelivery is harmless). */
  append(records: readonly LogRecord[]): Promise<void>;
  query(query: LogQuery): Promise<Page<LogRecord>>;
  /** The (service, source) streams with records in the range. */
  streams(range: TimeRange): Promise<LogStream[]>;
  /** A search with a parsed query, pushed down to the store; absent on stores that cannot. */
  search?(search: LogSearch): Promise<Page<LogRecord>>;
  /** Counts over the records a search matches; absent on stores that cannot aggregate. */
  aggregate?(search: LogSearch, aggregation: LogAggregation): Promise<LogBucket[]>;
}
