import type { LogLevel, LogRecord } from '../../domain/log-record';
import type { RawLogEntry } from '../../domain/raw-log-entry';
import { LogMasker } from '../masking/log-masker';
import { levelFromName } from '../parsing/level-detector';
import { parseLogLine } from '../parsing/log-line-parser';
import type { ParsedLog } from '../parsing/parsed-log';
import type { ServiceLogState } from './service-log-state';

/** One enriched entry: the record to store, and what the parser found that is not on the record. */
export interface EnrichedEntry {
  readonly record: LogRecord;
  readonly userId?: string;
  readonly template: string;
}

const OTEL_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** The level an OTLP severity number (1-24) or text names, when the sender gave one. */
export function senderLevel(entry: RawLogEntry): LogLevel | undefined {
  if (entry.severityNumber !== undefined && entry.severityNumber >= 1 && entry.severityNumber <= 24) {
    return OTEL_LEVELS[Math.floor((entry.severityNumber - 1) / 4)];
  }
  return entry.severityText ? levelFromName(entry.severityText) : undefined;
}

/**
 * Turns raw entries of one service into stored records: parse the body, mask the message, the
 * attributes and the extracted ids BEFORE anything else sees them, mine the masked message's
 * pattern, count levels and fold errors into the service's error groups.
 */
export class LogEnricher {
  constructor(
    private readonly masker: LogMasker,
    private readonly referenceYear?: number,
  ) {}

  /** Enriches one entry against the service's state (which it updates). */
  enrich(entry: RawLogEntry, service: string, state: ServiceLogState): EnrichedEntry {
    const parsed = parseLogLine(entry.body, { referenceYear: this.referenceYear ?? new Date(entry.timestamp).getUTCFullYear() });
    const counts: Record<string, number> = {};
    const message = this.masker.mask(parsed.message).text;
    const attributes = this.masker.maskAttributes({ ...entry.attributes, ...parsed.attributes, ...ids(parsed) }, counts);
    const match = state.miner.add(message, entry.timestamp);
    const level = senderLevel(entry) ?? parsed.level;
    state.count(level);
    const userId = typeof attributes['user.id'] === 'string' ? (attributes['user.id'] as string) : undefined;
    if (level === 'error' || level === 'fatal') {
      // The fingerprint's own message template, not the miner's: a new pattern's first template is still unmerged.
      state.errors.add({ timestamp: entry.timestamp, message, service, ...(userId && { userId }) });
    }
    const traceId = entry.traceId ?? parsed.traceId;
    const spanId = entry.spanId ?? parsed.spanId;
    const record: LogRecord = {
      id: entry.id ?? '',
      timestamp: entry.timestamp,
      service,
      source: entry.source,
      level,
      message,
      attributes,
      ...(traceId && { traceId }),
      ...(spanId && { spanId }),
      patternId: match.patternId,
    };
    return { record, template: match.template, ...(userId && { userId }) };
  }
}

/** The service of an entry: the sender's, else the one the line names, else `unknown`. */
export function serviceOf(entry: RawLogEntry): string {
  if (entry.service) return entry.service;
  return 'unknown';
}

function ids(parsed: ParsedLog): Record<string, string> {
  return {
    ...(parsed.requestId && { 'request.id': parsed.requestId }),
    ...(parsed.userId && { 'user.id': parsed.userId }),
    'log.format': parsed.format,
  };
}
