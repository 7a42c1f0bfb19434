import type { ParsedLog, ParseOptions } from './parsed-log';
import { fromStructuredFields } from './structured-fields';

const PAIR = /([A-Za-z_@][\w.@/-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/y;

/**
 * Splits a logfmt line (`level=info msg="user logged in" user_id=42`) into fields; undefined
 * unless the line is key=value pairs throughout, with at least two pairs (a few bare keys count as `true`).
 */
export function splitLogfmt(line: string): Record<string, string | boolean> | undefined {
  const fields: Record<string, string | boolean> = {};
  let pairs = 0;
  let bareKeys = 0;
  let i = 0;
  const s = line.trim();
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (i >= s.length) break;
    PAIR.lastIndex = i;
    const m = PAIR.exec(s);
    if (m) {
      const raw = m[2];
      fields[m[1]] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c)) : raw;
      pairs++;
      i = PAIR.lastIndex;
      if (i < s.length && s[i] !== ' ' && s[i] !== '\t') return undefined;
    } else {
      const bare = /[A-Za-z_][\w.-]*(?=\s|$)/y;
      bare.lastIndex = i;
      const b = bare.exec(s);
      if (!b) return undefined;
      fields[b[0]] = true;
      bareKeys++;
      i = bare.lastIndex;
    }
  }
  // Free text ending in a few key=value pairs is not logfmt: bare words must stay the exception.
  return pairs >= 2 && bareKeys * 2 <= pairs ? fields : undefined;
}

/** Parses a logfmt line; undefined when the line is not logfmt. */
export function parseLogfmt(line: string, options: ParseOptions = {}): ParsedLog | undefined {
  const fields = splitLogfmt(line);
  return fields && fromStructuredFields('logfmt', fields, options);
}
