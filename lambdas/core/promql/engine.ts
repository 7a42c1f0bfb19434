import type { Labels } from '../domain/series';
import type { Expr } from './ast';
import type { EvalValue, Steps } from './eval-types';
import { Evaluator } from './evaluator';
import { parsePromql } from './parser';
import { fetchSelections, planSelections, type Queryable } from './planner';
import { PromqlEvalError } from './promql-error';
import { withoutMetadata, type StepSeries } from './step-series';
import { compareLabels, mergeSameLabels } from './vector-functions';

export type { Queryable } from './planner';

/** Engine settings; every one has a Prometheus default. */
export interface QueryOptions {
  /** How far back an instant selector looks for a sample, ms. @default 300000 (5 m) */
  readonly lookbackDelta?: number;
  /** Step of subqueries written without one (`x[1h:]`), ms. @default 60000 */
  readonly subqueryStep?: number;
  /** At most this many samples loaded or produced. @default 50000000 */
  readonly maxSamples?: number;
}

/** One point of a result, timestamp in ms. */
export interface Point {
  readonly timestamp: number;
  readonly value: number;
}

/** A query result in Prometheus' four shapes (timestamps in ms). */
export type QueryResult =
  | { readonly resultType: 'vector'; readonly result: { readonly metric: Labels; readonly timestamp: number; readonly value: number }[] }
  | { readonly resultType: 'matrix'; readonly result: { readonly metric: Labels; readonly points: Point[] }[] }
  | { readonly resultType: 'scalar'; readonly result: Point }
  | { readonly resultType: 'string'; readonly result: { readonly timestamp: number; readonly value: string } };

/** A result with the annotations Prometheus would attach. */
export type QueryResponse = QueryResult & { readonly warnings: string[]; readonly infos: string[] };

async function evaluate(store: Queryable, expr: string | Expr, steps: Steps, opts: QueryOptions, start: number, end: number, queryStep: number): Promise<{ value: EvalValue; ev: Evaluator }> {
  const ast = typeof expr === 'string' ? parsePromql(expr, { step: queryStep, range: end - start }) : expr;
  const full = {
    lookbackDelta: opts.lookbackDelta ?? 300_000,
    subqueryStep: opts.subqueryStep ?? 60_000,
    maxSamples: opts.maxSamples ?? 50_000_000,
    queryStart: start,
    queryEnd: end,
    queryStep,
  };
  const plan = planSelections(ast, steps, full);
  const data = await fetchSelections(store, plan, full.maxSamples);
  const ev = new Evaluator(data, full);
  return { value: ev.eval(ast, steps), ev };
}

/** Drops names marked for delayed removal and merges series that then share labels (they must not overlap). */
function finishNames(series: readonly StepSeries[]): StepSeries[] {
  return mergeSameLabels(series.map((s) => (s.dropName ? { ...s, labels: withoutMetadata(s.labels), dropName: false } : s)));
}

/** Evaluates `expr` at one time (ms), like Prometheus' /api/v1/query. */
export async function instantQuery(store: Queryable, expr: string | Expr, time: number, opts: QueryOptions = {}): Promise<QueryResponse> {
  const { value, ev } = await evaluate(store, expr, { start: time, step: 1, count: 1 }, opts, time, time, 0);
  const notes = { warnings: [...ev.notes.warnings], infos: [...ev.notes.infos] };
  switch (value.type) {
    case 'scalar':
      return { resultType: 'scalar', result: { timestamp: time, value: value.values[0] }, ...notes };
    case 'string':
      return { resultType: 'string', result: { timestamp: time, value: value.value }, ...notes };
    case 'vector':
      return {
        resultType: 'vector',
        result: finishNames(value.series).filter((s) => s.present[0]).map((s) => ({ metric: s.labels, timestamp: time, value: s.values[0] })),
        ...notes,
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: value.series.map((s) => ({ metric: s.labels, points: Array.from(s.ts, (t, i) => ({ timestamp: t, value: s.vs[i] })) })),
        ...notes,
      };
  }
}

/** Evaluates `expr` at start, start + step, ... up to end (ms), like Prometheus' /api/v1/query_range. */
export async function rangeQuery(store: Queryable, expr: string | Expr, start: number, end: number, step: number, opts: QueryOptions = {}): Promise<QueryResponse> {
  if (!(step > 0)) throw new PromqlEvalError('zero or negative query resolution step widths are not accepted');
  if (end < start) throw new PromqlEvalError('end timestamp must not be before start time');
  const steps: Steps = { start, step, count: Math.floor((end - start) / step) + 1 };
  const { value, ev } = await evaluate(store, expr, steps, opts, start, end, step);
  const notes = { warnings: [...ev.notes.warnings], infos: [...ev.notes.infos] };
  const times = (i: number) => start + i * step;
  let series: { labels: Labels; values: ArrayLike<number>; present: ArrayLike<number> }[];
  if (value.type === 'scalar') series = [{ labels: {}, values: value.values, present: new Uint8Array(steps.count).fill(1) }];
  else if (value.type === 'vector') series = finishNames(value.series);
  else throw new PromqlEvalError(`invalid expression type "${value.type === 'matrix' ? 'range vector' : 'string'}" for range query, must be Scalar or instant Vector`);
  const result = series
    .map((s) => {
      const points: Point[] = [];
      for (let i = 0; i < steps.count; i++) if (s.present[i]) points.push({ timestamp: times(i), value: s.values[i] });
      return { metric: s.labels, points };
    })
    .filter((s) => s.points.length > 0)
    .sort((a, b) => compareLabels(a.metric, b.metric));
  return { resultType: 'matrix', result, ...notes };
}
