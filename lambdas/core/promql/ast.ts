import type { LabelMatcher } from '../domain/series';

/** The four PromQL value types. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** Character offsets of a node in the query text (start inclusive, end exclusive). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Where `@` pins a selector or subquery: a fixed time in ms, or the query's start or end. */
export type AtModifier = { readonly kind: 'time'; readonly ms: number } | { readonly kind: 'start' } | { readonly kind: 'end' };

/** A number literal. */
export interface NumberLiteral {
  readonly kind: 'number';
  readonly value: number;
  readonly span: Span;
}

/** A string literal (already unescaped). */
export interface StringLiteral {
  readonly kind: 'string';
  readonly value: string;
  readonly span: Span;
}

/** An instant vector selector, with its offset (ms, positive looks back) and optional `@`. */
export interface VectorSelector {
  readonly kind: 'vector';
  readonly matchers: readonly LabelMatcher[];
  readonly offset: number;
  readonly at?: AtModifier;
  /** `smoothed`: values interpolated between the samples around each step (experimental). */
  readonly smoothed?: boolean;
  readonly span: Span;
}

/** A range vector selector: `selector[range]`, range in ms. Offset and `@` live on the inner selector. */
export interface MatrixSelector {
  readonly kind: 'matrix';
  readonly selector: VectorSelector;
  readonly range: number;
  /** `anchored` or `smoothed` (experimental): the window also sees samples around its edges. */
  readonly extension?: 'anchored' | 'smoothed';
  readonly span: Span;
}

/** A subquery `expr[range:step]`; step undefined means the engine's default subquery step. */
export interface SubqueryExpr {
  readonly kind: 'subquery';
  readonly expr: Expr;
  readonly range: number;
  readonly step?: number;
  readonly offset: number;
  readonly at?: AtModifier;
  readonly span: Span;
}

/** Unary minus or plus. */
export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: '-' | '+';
  readonly expr: Expr;
  readonly span: Span;
}

/** Arithmetic operators; `</` and `>/` trim native-histogram buckets and drop float samples. */
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2' | '</' | '>/';
/** Comparison operators. */
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
/** Set operators (vector only). */
export type SetOp = 'and' | 'or' | 'unless';
/** Every binary operator. */
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

/** How two vectors are matched in a binary operation. */
export interface VectorMatching {
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  /** true for `on(...)`, false for `ignoring(...)` (or no clause). */
  readonly on: boolean;
  readonly labels: readonly string[];
  /** Extra labels copied from the "one" side by `group_left(...)`/`group_right(...)`. */
  readonly include: readonly string[];
  /** `fill_left(v)`/`fill(v)`: the value used for a right-hand sample without a left partner. */
  readonly fillLeft?: number;
  /** `fill_right(v)`/`fill(v)`: the value used for a left-hand sample without a right partner. */
  readonly fillRight?: number;
}

/** A binary operation; `matching` is set when both sides are vectors. */
export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  readonly matching?: VectorMatching;
  readonly span: Span;
}

/** Aggregation operators. */
export type AggregateOp =
  | 'sum' | 'avg' | 'min' | 'max' | 'count' | 'group' | 'stddev' | 'stdvar'
  | 'topk' | 'bottomk' | 'quantile' | 'count_values' | 'limitk' | 'limit_ratio';

/** An aggregation such as `sum by (job) (x)`; `param` is the first argument of topk, quantile, etc. */
export interface AggregateExpr {
  readonly kind: 'aggregate';
  readonly op: AggregateOp;
  readonly expr: Expr;
  readonly param?: Expr;
  readonly grouping: readonly string[];
  readonly without: boolean;
  readonly span: Span;
}

/** A function call. */
export interface Call {
  readonly kind: 'call';
  readonly func: string;
  readonly args: readonly Expr[];
  /** For info(): the selection of info series to join, planned and fetched like any selector. */
  readonly infoSelector?: VectorSelector;
  readonly span: Span;
}

/** A parenthesised expression (kept so that printing and positions stay faithful). */
export interface ParenExpr {
  readonly kind: 'paren';
  readonly expr: Expr;
  readonly span: Span;
}

/** Any PromQL expression. */
export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | UnaryExpr
  | BinaryExpr
  | AggregateExpr
  | Call
  | ParenExpr;
