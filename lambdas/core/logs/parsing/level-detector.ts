import type { LogLevel } from '../../domain/log-record';

const NAMES: Readonly<Record<string, LogLevel>> = {
  trace: 'trace', finest: 'trace', finer: 'trace', verbose: 'trace',
  debug: 'debug', dbg: 'debug', fine: 'debug',
  info: 'info', information: 'info', informational: 'info', notice: 'info', config: 'info',
  warn: 'warn', warning: 'warn', wrn: 'warn',
  error: 'error', err: 'error', severe: 'error', failure: 'error',
  fatal: 'fatal', critical: 'fatal', crit: 'fatal', alert: 'fatal', emerg: 'fatal', emergency: 'fatal', panic: 'fatal',
};

/** Syslog severities 0..7 (RFC 5424 section 6.2.1). */
const SYSLOG: readonly LogLevel[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'];

/** The level a level name stands for (`WARNING`, `err`, `Information`...), undefined when it is none. */
export function levelFromName(name: string): LogLevel | undefined {
  return NAMES[name.trim().toLowerCase()];
}

/** Syslog severity (0 emergency .. 7 debug) to a level. */
export function levelFromSyslogSeverity(severity: number): LogLevel {
  return SYSLOG[Math.max(0, Math.min(7, Math.trunc(severity)))];
}

/**
 * A level field's value: a name, or a number as pino/bunyan (10..60) or OpenTelemetry severity
 * numbers (1..24) write it.
 */
export function levelFromValue(value: unknown): LogLevel | undefined {
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return levelFromValue(Number(value));
    return levelFromName(value);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (value >= 10 && value % 10 === 0 && value <= 60) {
    return (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[value / 10 - 1];
  }
  if (value >= 1 && value <= 24) {
    return (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[Math.floor((value - 1) / 4)];
  }
  return undefined;
}

/** An HTTP status to a level: 5xx error, 4xx warn, else info. */
export function levelFromHttpStatus(status: number): LogLevel {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return 'info';
}

const FATAL_WORD = /\b(?:FATAL|CRITICAL|PANIC|EMERG(?:ENCY)?)\b/;
const ERROR_WORD = /\b(?:ERROR|ERR|SEVERE)\b|\b(?:[Ee]rror|[Ff]ailed|[Ff]atal):\s/;
const EXCEPTION = /\b[A-Z]\w*(?:Exception|Error)\b|Traceback \(most recent call last\)|^\s+at [\w$.<>]+\(.*\)\s*$|^\s+at .*:\d+:\d+\)?\s*$|\bpanic: /m;
const WARN_WORD = /\b(?:WARN|WARNING)\b|\b[Ww]arning:\s/;
const INFO_WORD = /\b(?:INFO|NOTICE)\b/;
const DEBUG_WORD = /\bDEBUG\b/;
const TRACE_WORD = /\bTRACE\b/;

/**
 * A level guessed from free text: upper-case level words, `Error:`-style prefixes, exception
 * class names and stack-trace lines; `unknown` when nothing points anywhere.
 */
export function levelFromText(text: string): LogLevel {
  if (FATAL_WORD.test(text)) return 'fatal';
  if (ERROR_WORD.test(text) || EXCEPTION.test(text)) return 'error';
  if (WARN_WORD.test(text)) return 'warn';
  if (INFO_WORD.test(text)) return 'info';
  if (DEBUG_WORD.test(text)) return 'debug';
  if (TRACE_WORD.test(text)) return 'trace';
  return 'unknown';
}
