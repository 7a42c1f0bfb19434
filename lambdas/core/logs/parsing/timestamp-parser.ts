const MONTHS: Readonly<Record<string, number>> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s?(Z|[+-]\d{2}:?\d{2})?$/i;
const CLF = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\s([+-]\d{4}))?$/;
const CTIME = /^(?:[A-Za-z]{3} )?([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?(?: (\d{4}))?$/;
const SLASHED = /^(\d{2}|\d{4})\/(\d{2})\/(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?$/;
const COMPACT = /^(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})$/;
const DOTTED = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})\.(\d{2})\.(\d{2})(?:\.(\d{1,6}))?$/;

function ms(fraction: string | undefined): number {
  return fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, milli = 0, offset = 0): number | undefined {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  return Date.UTC(y, mo, d, h, mi, s, milli) - offset * 60_000;
}

/**
 * Reads a timestamp written as text in the usual log shapes: ISO 8601 / RFC 3339, Apache common
 * log (`10/Oct/2000:13:55:36 -0700`), ctime and syslog (`Sun Dec 04 04:47:44 2005`, `Dec 10
 * 06:55:46`, the latter needing `referenceYear`), `yy/MM/dd HH:mm:ss`, `yyMMdd HHmmss` and
 * `yyyy-MM-dd-HH.mm.ss.ffffff`. Times without a zone are read as UTC. Returns Unix milliseconds.
 */
export function parseTimestamp(text: string, referenceYear?: number): number | undefined {
  const t = text.trim();
  let m = ISO.exec(t);
  if (m) return utc(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms(m[7]), offsetMinutes(m[8]));
  m = CLF.exec(t);
  if (m) {
    const mo = MONTHS[m[2].toLowerCase()];
    return mo === undefined ? undefined : utc(+m[3], mo, +m[1], +m[4], +m[5], +m[6], 0, offsetMinutes(m[7]));
  }
  m = CTIME.exec(t);
  if (m) {
    const mo = MONTHS[m[1].toLowerCase()];
    const year = m[7] ? +m[7] : referenceYear;
    if (mo === undefined || year === undefined) return undefined;
    return utc(year, mo, +m[2], +m[3], +m[4], +m[5], ms(m[6]));
  }
  m = SLASHED.exec(t);
  if (m) {
    const y = m[1].length === 2 ? 2000 + +m[1] : +m[1];
    return utc(y, +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms(m[7]));
  }
  m = COMPACT.exec(t);
  if (m) return utc(2000 + +m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  m = DOTTED.exec(t);
  if (m) return utc(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms(m[7]));
  return undefined;
}

/**
 * A timestamp given as a number or numeric string: seconds, milliseconds, microseconds or
 * nanoseconds since the epoch, told apart by magnitude. Returns Unix milliseconds.
 */
export function parseEpoch(value: number | string): number | undefined {
  const n = typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  if (n < 1e11) return Math.round(n * 1000);
  if (n < 1e14) return Math.round(n);
  if (n < 1e17) return Math.round(n / 1000);
  return Math.round(n / 1e6);
}

/** A timestamp from a structured field: a number, a numeric string or a date string. */
export function parseTimestampValue(value: unknown, referenceYear?: number): number | undefined {
  if (typeof value === 'number') return parseEpoch(value);
  if (typeof value !== 'string') return undefined;
  return /^\d+(\.\d+)?$/.test(value) ? parseEpoch(value) : parseTimestamp(value, referenceYear);
}
