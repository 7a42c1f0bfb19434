import { parser as lezer } from '@prometheus-io/lezer-promql';

// Same-length stand-ins the lezer grammar knows, for scalar functions it does not (min_of, max_of).
const STAND_INS: Record<string, string> = { min_of: 'minute', max_of: 'scalar' };

/**
 * Rewrites what Prometheus accepts but this lezer grammar does not: numbers with a trailing point
 * (`1.`), upper-case `STEP()`/`RANGE()`, and calls of newer functions, whose positions are recorded in
 * `renamed`. Strings are left alone.
 */
export function patchForLezer(query: string, renamed: Map<number, string>): string {
  const re = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)|(\b\d+)\.(?![\d\w])|\b(min_of|max_of)(?=\s*\()|\b([sS][tT][eE][pP]|[rR][aA][nN][gG][eE])(?=\(\))/g;
  return query.replace(re, (m: string, q?: string, d?: string, fn?: string, ctxFn?: string, offset = 0) => {
    if (q !== undefined) return m;
    if (d !== undefined) return `${d}.0`;
    // step() and range() are case-insensitive in Prometheus' duration expressions.
    if (ctxFn !== undefined) return ctxFn.toLowerCase();
    renamed.set(offset, fn as string);
    return STAND_INS[fn as string];
  });
}

/** Whether a lezer parse tree contains an error node. */
export function hasError(tree: ReturnType<typeof lezer.parse>): boolean {
  let bad = false;
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) bad = true;
      return !bad;
    },
  });
  return bad;
}

