/** Severity levels a log record is normalised to. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'unknown';

/** One stored log record. Field names are the API's (see ARCHITECTURE.md). */
export interface LogRecord {
  /** Unique and stable across redelivery, so stores can deduplicate. */
  readonly id: string;
  /** Unix milliseconds. */
  readonly timestamp: number;
  readonly service: string;
  /** Where it came from: a log group, an OTLP scope, a Loki stream... */
  readonly source?: string;
  readonly level: LogLevel;
  readonly message: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly traceId?: string;
  readonly spanId?: string;
  readonly patternId?: string;
}

/** A (service, source) pair with its record count and last timestamp. */
export interface LogStream {
  readonly service: string;
  readonly source: string;
  readonly count: number;
  readonly lastTimestamp: number;
}
