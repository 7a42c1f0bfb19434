import type { LogLevel } from '../../domain/log-record';
import { levelFromName } from './level-detector';
import { parseTimestamp } from './timestamp-parser';

/** What a generic header scan found at the start of a plain-text line. */
export interface StrippedHeader {
  readonly timestamp?: number;
  readonly level?: LogLevel;
  /** Logger, thread or component named in the header (`[main]`, `dfs.DataNode$PacketResponder`). */
  readonly component?: string;
  /** The line after the header. */
  readonly content: string;
}

// Timestamp shapes that open log lines, longest first; each must be followed by a space.
const LEADING_TIMES: readonly RegExp[] = [
  /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?)\]?\s/i,
  /^\[?(\d{2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}(?: [+-]\d{4})?)\]?\s/,
  /^\[?((?:[A-Z][a-z]{2} )?[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}(?:[.,]\d{1,6})?(?: \d{4})?)\]?\s/,
  /^\[?((?:\d{2}|\d{4})\/\d{2}\/\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,6})?)\]?\s/,
  /^(\d{6} \d{6})\s/,
  /^(\d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.\d{2}(?:\.\d{1,6})?)\s/,
];

// A level word in a header: upper case (`INFO`), bracketed or angled in any case (`[notice]`,
// `<warn>`), or `level=...`.
const LEVEL_TOKEN = /^(?:\[([A-Za-z]+)\]|<([A-Za-z]+)>|([A-Z]{3,9})|level=([A-Za-z]+)):?$/;
// A token allowed before the level: no lower-case letters (ids, numbers, dates, node names) or a dash.
const HEADERISH = /^[^a-z]+$/;
// A logger name after the level: dotted, `$` or `/` inside, ending in a colon.
const COMPONENT = /^([\w$.@/-]*[.$/][\w$.@/-]*):$/;
const MAX_HEADER_TOKENS = 12;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

function bracketEnd(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j] === '[') depth++;
    else if (s[j] === ']' && --depth === 0) return j + 1;
  }
  return -1;
}

function nextToken(s: string, i: number): [string, number] {
  while (s[i] === ' ' || s[i] === '\t') i++;
  if (s[i] === '[') {
    const end = bracketEnd(s, i);
    if (end > 0) return [s.slice(i, end), end];
  }
  let j = i;
  while (j < s.length && s[j] !== ' ' && s[j] !== '\t') j++;
  return [s.slice(i, j), j];
}

function levelOf(token: string): LogLevel | undefined {
  const m = LEVEL_TOKEN.exec(token);
  const name = m && (m[1] ?? m[2] ?? m[3] ?? m[4]);
  return name ? levelFromName(name) : undefined;
}

/**
 * Finds a header without knowing the format: a leading timestamp, then up to a dozen header-like
 * tokens (numbers, ids, brackets, dashes) ending in a level word, then an optional thread in
 * brackets and logger name. Lines without a recognisable level keep everything after the timestamp.
 */
export function stripHeader(line: string, referenceYear?: number): StrippedHeader {
  let s = line.trimEnd();
  let timestamp: number | undefined;
  for (const re of LEADING_TIMES) {
    const m = re.exec(s);
    if (m) {
      timestamp = parseTimestamp(m[1], referenceYear);
      s = s.slice(m[0].length);
      break;
    }
  }
  let i = 0;
  let level: LogLevel | undefined;
  for (let n = 0; n < MAX_HEADER_TOKENS && i < s.length; n++) {
    const [token, end] = nextToken(s, i);
    if (token === '') break;
    level = levelOf(token);
    if (level) {
      i = end;
      break;
    }
    if (!(HEADERISH.test(token) || token.startsWith('['))) break;
    if (timestamp === undefined && DATE_LIKE.test(token)) timestamp = parseTimestamp(token, referenceYear);
    i = end;
  }
  if (!level) return { ...(timestamp !== undefined ? { timestamp } : {}), content: s.trimStart() };
  const components: string[] = [];
  for (;;) {
    const [token, end] = nextToken(s, i);
    if (token.startsWith('[') && token.endsWith(']')) {
      components.push(token.slice(1, -1));
      i = end;
      continue;
    }
    if (token === '-' || token === '|' || token === ':') {
      i = end;
      break;
    }
    const c = COMPONENT.exec(token);
    if (c) {
      components.push(c[1]);
      i = end;
    }
    break;
  }
  return {
    ...(timestamp !== undefined ? { timestamp } : {}),
    level,
    ...(components.length ? { component: components.join(' ') } : {}),
    content: s.slice(i).trimStart(),
  };
}
