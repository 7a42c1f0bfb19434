import type { Labels } from '../../domain/series';

/** One element of an instant vector. */
export interface InstantSample {
  readonly labels: Labels;
  readonly value: number;
}

/**
 * Runs a PromQL instant query at `time` (Unix ms). Injected by the composition root, as
 * Prometheus' rule manager gets its QueryFunc, so alerting never imports the engine.
 */
export type QueryFunction = (expr: string, time: number) => Promise<InstantSample[]>;

/** A sample a rule evaluation produces (ALERTS, ALERTS_FOR_STATE, recorded series). */
export interface OutputSample {
  readonly labels: Labels;
  readonly value: number;
  /** Unix milliseconds: the evaluation time. */
  readonly timestamp: number;
}
