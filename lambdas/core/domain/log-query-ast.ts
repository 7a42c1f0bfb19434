/**
 * A parsed log search (Lucene style): boolean nodes over text and field conditions. `value`
 * keeps `*` and `?` wildcards when `wildcard` is true; a phrase is matched as a whole.
 */
export type LogQueryNode =
  | { readonly type: 'and'; readonly children: readonly LogQueryNode[] }
  | { readonly type: 'or'; readonly children: readonly LogQueryNode[] }
  | { readonly type: 'not'; readonly child: LogQueryNode }
  | LogQueryTerm;

/** A leaf: free text (no `field`) or a field condition. */
export interface LogQueryTerm {
  readonly type: 'term';
  /** A record field (`service`, `level`, `source`, `traceId`, `spanId`, `patternId`, `id`, `message`) or `attributes.<key>`; absent for free text. */
  readonly field?: string;
  readonly value: string;
  readonly phrase: boolean;
  /** True when `value` holds unescaped `*` or `?` (escaped ones are plain characters). */
  readonly wildcard: boolean;
}
