import type { LogLevel } from '../../domain/log-record';

/** The line formats the parser recognises. */
export type LogFormat = 'json' | 'logfmt' | 'access' | 'syslog' | 'text';

/** A raw line turned into the fields of a log record (before masking and pattern mining). */
export interface ParsedLog {
  readonly format: LogFormat;
  /** Unix milliseconds, when the line carried a time that could be read. */
  readonly timestamp?: number;
  readonly level: LogLevel;
  /** The line's message: the text without header fields, or the message field of structured lines. */
  readonly message: string;
  readonly attributes: Record<string, unknown>;
  readonly service?: string;
  /** 32 lowercase hex digits (W3C form; X-Ray ids are converted). */
  readonly traceId?: string;
  /** 16 lowercase hex digits. */
  readonly spanId?: string;
  readonly requestId?: string;
  readonly userId?: string;
}

/** Options shared by the parsers. */
export interface ParseOptions {
  /**
   * Year for timestamps that carry none (classic syslog "Dec 10 06:55:46"). Without it such
   * lines get no timestamp, since core code does not read the clock.
   */
  readonly referenceYear?: number;
}
