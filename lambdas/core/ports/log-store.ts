import type { LogLevel, LogRecord, LogStream } from '../domain/log-record';
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

/** Where log records live (CloudWatch Logs on AWS, SQLite with FTS5 locally). */
export interface LogStore extends Pingable {
  /** Stores records; a record whose id is already stored is skipped (redelivery is harmless). */
  append(records: readonly LogRecord[]): Promise<void>;
  query(query: LogQuery): Promise<Page<LogRecord>>;
  /** The (service, source) streams with records in the range. */
  streams(range: TimeRange): Promise<LogStream[]>;
}
