/** The PromQL engine: parse, plan, fetch once through a Queryable, evaluate in memory. */
export { instantQuery, rangeQuery, type Point, type QueryOptions, type QueryResponse, type QueryResult, type Queryable } from './engine';
export { parsePromql, type DurationContext } from './parser';
export { PromqlEvalError, PromqlParseError } from './promql-error';
export { STALE_NAN, isStaleNaN } from './stale-nan';
export type { Expr } from './ast';
