const DIGITS_RE = /^\d+$/;

/**
 * Converts a Unix-nanosecond timestamp to whole Unix microseconds (floored), or undefined when
 * it is not a non-negative integer. Accepts decimal text (OTLP/JSON writes int64 as strings,
 * and 1.5e18 ns does not fit a double exactly, so text is cut rather than divided), numbers,
 * bigints, and objects whose `toString()` is decimal (protobufjs `Long`).
 */
export function nanosToMicros(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? Math.floor(value / 1000) : undefined;
  }
  if (typeof value === 'bigint') return value >= 0n ? Number(value / 1000n) : undefined;
  let s: string;
  if (typeof value === 'string') s = value;
  else if (value !== null && typeof value === 'object') s = String(value);
  else return undefined;
  if (!DIGITS_RE.test(s)) return undefined;
  return s.length <= 3 ? 0 : Number(s.slice(0, -3));
}
