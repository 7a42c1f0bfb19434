import { re2ToJs } from './re2-to-js';

/** Label set of one time series, Prometheus style: `__name__` carries the metric name. */
export type Labels = Readonly<Record<string, string>>;

/** One sample: a Unix timestamp in milliseconds and a float value (NaN, ±Inf allowed; StaleNaN marks staleness). */
export interface Sample {
  readonly timestamp: number;
  readonly value: number;
}

/** A series: its labels and samples in ascending timestamp order. */
export interface Series {
  readonly labels: Labels;
  readonly samples: readonly Sample[];
}

/** How one label is matched, as in PromQL: `=`, `!=`, `=~`, `!~`. */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

/** One label matcher; regexes are fully anchored, as in Prometheus. */
export interface LabelMatcher {
  readonly name: string;
  readonly op: MatchOperator;
  readonly value: string;
}

/** A closed time range in Unix milliseconds. */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/** The metric name of a series, or '' when it has none. */
export function metricName(labels: Labels): string {
  return labels.__name__ ?? '';
}

/** A stable string key for a label set (sorted names), for maps and partition keys. */
export function seriesKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
}

/** Whether a label set satisfies every matcher (a missing label matches as ''). */
export function matchesAll(labels: Labels, matchers: readonly LabelMatcher[]): boolean {
  return matchers.every((m) => matchesOne(labels[m.name] ?? '', m));
}

function matchesOne(value: string, m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return anchoredRegex(m.value).test(value);
    case '!~':
      return !anchoredRegex(m.value).test(value);
  }
}

const regexCache = new Map<string, RegExp>();

/**
 * Compiles an RE2 pattern (Prometheus' regex dialect), fully anchored, to a JavaScript RegExp;
 * `.` matches newlines as in Prometheus. Cached, as the same matchers recur.
 */
export function anchoredRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${re2ToJs(pattern)})$`, 's');
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

// Little-endian words of one float64 (every platform Node runs on here is little-endian).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
u32[0] = 2;
u32[1] = 0x7ff00000;

/** Prometheus' staleness marker: a NaN with the bit pattern 0x7ff0000000000002. */
export const STALE_NAN: number = f64[0];

/**
 * Whether a value is the staleness marker (not just any NaN). JavaScript keeps NaN payloads in
 * object properties and typed arrays, but arithmetic may canonicalise them: test the value as stored.
 */
export function isStaleNaN(value: number): boolean {
  if (value === value) return false;
  f64[0] = value;
  return u32[0] === 2 && u32[1] === 0x7ff00000;
}
