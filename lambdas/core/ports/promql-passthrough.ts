import type { QueryResponse } from '../promql/engine';

/**
 * An optional capability of a MetricStore whose backend evaluates PromQL itself (Amazon
 * Managed Service for Prometheus). When the store has it, the Prometheus HTTP API may send
 * a query to the backend whole instead of evaluating it with the platform's engine over
 * `select()`: one round trip, the backend's own limits and billing (query samples
 * processed), and the same result shape as `instantQuery` / `rangeQuery` of the engine.
 * Stores without it (Timestream, SQLite) are queried through the engine.
 */
export interface PromqlPassthrough {
  /** Evaluates `expr` at `time` (ms), like Prometheus' /api/v1/query. */
  promqlInstant(expr: string, time: number): Promise<QueryResponse>;
  /** Evaluates `expr` from `start` to `end` every `step` (all ms), like /api/v1/query_range. */
  promqlRange(expr: string, start: number, end: number, step: number): Promise<QueryResponse>;
}

/** Thrown by a passthrough when the backend refuses the query itself (a 4xx: bad expression, limits). */
export class PromqlPassthroughError extends Error {
  constructor(
    /** Prometheus' error type (`bad_data`, `execution`, ...). */
    readonly errorType: string,
    message: string,
    /** The backend's HTTP status. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'PromqlPassthroughError';
  }
}

/** Whether `store` offers {@link PromqlPassthrough}. */
export function hasPromqlPassthrough<T extends object>(store: T): store is T & PromqlPassthrough {
  const s = store as Partial<PromqlPassthrough>;
  return typeof s.promqlInstant === 'function' && typeof s.promqlRange === 'function';
}
