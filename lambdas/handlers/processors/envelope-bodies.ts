import type { LogRecord } from '../../core/domain/log-record';
import type { Series } from '../../core/domain/series';
import type { Span } from '../../core/domain/span';

/** Why an envelope body has the wrong shape. */
export class BodyShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyShapeError';
  }
}

const NON_FINITE: Record<string, number> = { NaN: Number.NaN, '+Inf': Infinity, Inf: Infinity, '-Inf': -Infinity };

function arrayOf(body: unknown, what: string): Record<string, unknown>[] {
  if (!Array.isArray(body)) throw new BodyShapeError(`a ${what} body must be an array`);
  body.forEach((item, i) => {
    if (typeof item !== 'object' || item === null) throw new BodyShapeError(`${what}[${i}] is not an object`);
  });
  return body as Record<string, unknown>[];
}

/**
 * A `series` body: Series[]; sample values are numbers, or the strings NaN, +Inf, -Inf
 * (JSON has no non-finite numbers).
 */
export function seriesBody(body: unknown): Series[] {
  return arrayOf(body, 'series').map((s, i) => {
    if (typeof s.labels !== 'object' || s.labels === null || !Array.isArray(s.samples)) throw new BodyShapeError(`series[${i}] needs labels and samples`);
    const samples = (s.samples as { timestamp: unknown; value: unknown }[]).map((p) => {
      const value = typeof p.value === 'string' ? NON_FINITE[p.value] : p.value;
      if (typeof p.timestamp !== 'number' || typeof value !== 'number') throw new BodyShapeError(`series[${i}] has a sample without a numeric timestamp and value`);
      return { timestamp: p.timestamp, value };
    });
    return { labels: s.labels as Series['labels'], samples };
  });
}

/** A `log-records` body: LogRecord[] (each needs id, timestamp, service, level, message). */
export function logRecordsBody(body: unknown): LogRecord[] {
  return arrayOf(body, 'log-records').map((r, i) => {
    if (typeof r.id !== 'string' || typeof r.timestamp !== 'number' || typeof r.service !== 'string' || typeof r.message !== 'string' || typeof r.level !== 'string') {
      throw new BodyShapeError(`log-records[${i}] needs id, timestamp, service, level and message`);
    }
    return { ...(r as unknown as LogRecord), attributes: (r.attributes as LogRecord['attributes']) ?? {} };
  });
}

/** A `spans` body: Span[] (each needs traceId, spanId, name, service, startTime, duration). */
export function spansBody(body: unknown): Span[] {
  return arrayOf(body, 'spans').map((s, i) => {
    if (typeof s.traceId !== 'string' || typeof s.spanId !== 'string' || typeof s.name !== 'string' || typeof s.service !== 'string' || typeof s.startTime !== 'number' || typeof s.duration !== 'number') {
      throw new BodyShapeError(`spans[${i}] needs traceId, spanId, name, service, startTime and duration`);
    }
    const span = s as unknown as Partial<Span>;
    return {
      ...(span as Span),
      kind: span.kind ?? 'unspecified',
      status: span.status ?? 'unset',
      attributes: span.attributes ?? {},
      resource: span.resource ?? {},
      events: span.events ?? [],
    };
  });
}
