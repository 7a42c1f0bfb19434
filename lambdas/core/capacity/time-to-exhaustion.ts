import type { ForecastPoint } from './forecast';

/** When a forecast reaches a capacity: expected, and the earliest and latest plausible times (95% band). */
export interface Exhaustion {
  /** First forecast timestamp whose point value reaches the capacity, or undefined within the horizon. */
  readonly at: number | undefined;
  /** First timestamp where the pessimistic 95% bound reaches it (the earliest plausible time). */
  readonly earliest: number | undefined;
  /** First timestamp where the optimistic 95% bound reaches it (undefined when it never does within the horizon). */
  readonly latest: number | undefined;
}

/**
 * When the forecast exhausts `capacity`. With `direction: 'up'` (default) usage grows towards
 * a ceiling (a disk filling up); with `'down'` a remaining amount falls towards a floor
 * (free memory falling to 0).
 */
export function timeToExhaustion(forecast: readonly ForecastPoint[], capacity: number, direction: 'up' | 'down' = 'up'): Exhaustion {
  const reached = (v: number): boolean => (direction === 'up' ? v >= capacity : v <= capacity);
  const first = (pick: (p: ForecastPoint) => number): number | undefined => forecast.find((p) => reached(pick(p)))?.timestamp;
  return {
    at: first((p) => p.value),
    earliest: first((p) => (direction === 'up' ? p.upper95 : p.lower95)),
    latest: first((p) => (direction === 'up' ? p.lower95 : p.upper95)),
  };
}
