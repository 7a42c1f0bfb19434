import type { FittedModel, ForecastModel } from './forecast-model';

// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { max } = Math;

/** Seasonal naive: each step repeats the value one season earlier (the last value when there is no season). */
export const SeasonalNaive: ForecastModel = {
  name: 'seasonal-naive',
  fit(values: readonly number[], period: number): FittedModel | undefined {
    const p = max(1, period);
    if (values.length < p) return undefined;
    const last = values.slice(values.length - p);
    return { forecast: (h) => Array.from({ length: h }, (_, i) => last[i % p]) };
  },
};
