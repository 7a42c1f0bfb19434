import { PlatformError } from '../../domain/errors';
import type { LabelMatcher, MatchOperator } from '../../domain/series';

const ONE = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^,"}\s]*))\s*$/;

/**
 * Parses one Alertmanager-style matcher: `severity="critical"`, `service=~"api|web"`,
 * `env!=prod`, `team!~"a.*"`. Regexes are anchored when matched. Throws `invalid_argument`.
 */
export function parseMatcher(text: string): LabelMatcher {
  const m = ONE.exec(text);
  if (!m) throw new PlatformError('invalid_argument', `bad matcher: ${text}`);
  const value = m[3] !== undefined ? JSON.parse(`"${m[3]}"`) as string : m[4];
  const op = m[2] as MatchOperator;
  if (op === '=~' || op === '!~') {
    try {
      new RegExp(value);
    } catch {
      throw new PlatformError('invalid_argument', `bad regular expression in matcher: ${text}`);
    }
  }
  return { name: m[1], op, value };
}

/** Parses a list of matchers given as strings, objects, or one `{a="b", c=~"d"}` string. */
export function parseMatchers(input: readonly (string | LabelMatcher)[] | string | undefined): LabelMatcher[] {
  if (input === undefined) return [];
  if (typeof input === 'string') {
    const body = input.trim().replace(/^\{/, '').replace(/\}$/, '');
    return splitTopLevel(body).filter((s) => s.trim() !== '').map(parseMatcher);
  }
  return input.map((m) => (typeof m === 'string' ? parseMatcher(m) : m));
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && quoted) {
      cur += c + (s[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Prints matchers as `{a="b", c=~"d"}` (used in route keys). */
export function formatMatchers(matchers: readonly LabelMatcher[]): string {
  return `{${matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(', ')}}`;
}
