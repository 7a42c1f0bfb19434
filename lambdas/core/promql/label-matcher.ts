import type { LabelMatcher } from '../domain/series';

/** A compiled matcher: a predicate over one label value. */
export type ValueTest = (value: string) => boolean;

const cache = new Map<string, RegExp>();

/**
 * Compiles an RE2-style pattern, fully anchored, to a JavaScript RegExp. A leading `(?i)` or `(?s)`
 * flag group becomes a RegExp flag because JavaScript has no inline flags; `.` matches newlines as in Prometheus.
 */
export function anchoredRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let body = pattern;
  let flags = 's';
  const m = /^\(\?([a-zA-Z]+)\)/.exec(body);
  if (m) {
    if (m[1].includes('i')) flags += 'i';
    body = body.slice(m[0].length);
  }
  re = new RegExp(`^(?:${body})$`, flags);
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** A predicate for one matcher; throws SyntaxError on an invalid regex. */
export function compileMatcher(m: LabelMatcher): ValueTest {
  switch (m.op) {
    case '=':
      return (v) => v === m.value;
    case '!=':
      return (v) => v !== m.value;
    case '=~': {
      const re = anchoredRegex(m.value);
      return (v) => re.test(v);
    }
    case '!~': {
      const re = anchoredRegex(m.value);
      return (v) => !re.test(v);
    }
  }
}

/** Whether a label set satisfies every matcher (a missing label reads as ''). */
export function labelsMatch(labels: Readonly<Record<string, string>>, matchers: readonly LabelMatcher[]): boolean {
  for (const m of matchers) if (!compileMatcher(m)(labels[m.name] ?? '')) return false;
  return true;
}
