// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { abs, min } = Math;

/**
 * Symmetric mean absolute percentage error in percent (0..200): the mean of
 * 2|F-A| / (|A|+|F|), a term where both are zero counting as 0. NaN when empty.
 */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  const n = min(actual.length, forecast.length);
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const den = abs(actual[i]) + abs(forecast[i]);
    if (den > 0) sum += (2 * abs(forecast[i] - actual[i])) / den;
  }
  return (100 * sum) / n;
}
