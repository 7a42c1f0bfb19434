/** Where an SLO stands. */
export type SloState = 'ok' | 'at_risk' | 'breached' | 'no_data';

/** Attainment and error budget of an SLO over its window. */
export interface ErrorBudget {
  /** Share of good events, 0..1; undefined with no events. */
  readonly attainment?: number;
  /** Bad events the objective allows in the window. */
  readonly allowedBad: number;
  readonly bad: number;
  /** 1 = untouched, 0 = spent, negative = overspent; 1 with no events. */
  readonly remaining: number;
  readonly state: SloState;
}

/**
 * The error budget from event counts over the window. With no events there is no
 * attainment and nothing is spent (state `no_data`). `atRiskBelow` is the remaining share
 * under which an SLO counts as at risk (default a quarter).
 */
export function errorBudget(good: number, total: number, objective: number, atRiskBelow = 0.25): ErrorBudget {
  if (!(objective > 0 && objective < 1)) throw new RangeError(`objective must be between 0 and 1, got ${objective}`);
  if (!(total > 0)) return { allowedBad: 0, bad: 0, remaining: 1, state: 'no_data' };
  const bad = Math.max(0, total - good);
  const allowedBad = (1 - objective) * total;
  const remaining = 1 - bad / allowedBad;
  const attainment = good / total;
  const state: SloState = attainment < objective ? 'breached' : remaining < atRiskBelow ? 'at_risk' : 'ok';
  return { attainment, allowedBad, bad, remaining, state };
}

/** Burn rate: how many times faster than sustainable the budget is spent (1 = exactly spent at the window's end). */
export function burnRate(errorRatio: number, objective: number): number {
  return errorRatio / (1 - objective);
}
