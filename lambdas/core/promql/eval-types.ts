import type { SampleArrays, StepSeries } from './step-series';

/** The evaluation steps of one (sub)query: times start + i * step for i in [0, count). */
export interface Steps {
  readonly start: number;
  readonly step: number;
  readonly count: number;
}

/** An intermediate value: one scalar per step, a string, vectors over all steps, or a range vector (instant queries only). */
export type EvalValue =
  | { readonly type: 'scalar'; readonly values: Float64Array }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'vector'; readonly series: StepSeries[] }
  | { readonly type: 'matrix'; readonly series: SampleArrays[] };

/** The time of step i. */
export function stepTime(s: Steps, i: number): number {
  return s.start + i * s.step;
}
