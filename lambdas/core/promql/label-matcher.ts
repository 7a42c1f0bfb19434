import type { LabelMatcher } from '../domain/series';
import { re2ToJs } from './re2-to-js';

/** A compiled matcher: a predicate over one label value. */
export type ValueTest = (value: string) => boolean;

const cache = new Map<string, RegExp>();

/** Compiles an RE2 pattern, fully anchored, to a JavaScript RegExp; `.` matches newlines as in Prometheus. */
export function anchoredRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  re = new RegExp(`^(?:${re2ToJs(pattern)})$`, 's');
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
