import { anchoredRegex } from '../domain/series';
import type { LabelMatcher } from '../domain/series';

export { anchoredRegex };

/** A compiled matcher: a predicate over one label value. */
export type ValueTest = (value: string) => boolean;

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
