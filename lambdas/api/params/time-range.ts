import { PlatformError } from '../../core/domain/errors';
import type { TimeRange } from '../../core/domain/series';

/** A missing range means the last hour. */
export const DEFAULT_RANGE_MS = 60 * 60 * 1000;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const UNIX_SECONDS = /^-?\d+(\.\d+)?$/;

/** Parses a time from a query string: RFC 3339 or Unix seconds (fractions allowed), as Prometheus does. Unix ms out. */
export function parseTime(value: string, name: string): number {
  if (UNIX_SECONDS.test(value)) return Math.round(Number(value) * 1000);
  if (RFC3339.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  throw new PlatformError('invalid_argument', `${name} must be an RFC 3339 time or Unix seconds, got ${JSON.stringify(value)}`, [
    { in: 'query', name, value },
  ]);
}

/**
 * The time range of a request: `from`/`to`, with `start`/`end` as synonyms; a missing end is
 * now, a missing start is an hour before the end.
 */
export function timeRangeOf(params: Readonly<Record<string, unknown>>, now: number): TimeRange {
  const fromText = str(params.from) ?? str(params.start);
  const toText = str(params.to) ?? str(params.end);
  const end = toText !== undefined ? parseTime(toText, params.to !== undefined ? 'to' : 'end') : now;
  const start = fromText !== undefined ? parseTime(fromText, params.from !== undefined ? 'from' : 'start') : end - DEFAULT_RANGE_MS;
  if (start > end) {
    throw new PlatformError('invalid_argument', 'the range starts after it ends', [{ in: 'query', name: 'from', start, end }]);
  }
  return { start, end };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
