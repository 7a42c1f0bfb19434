import { median } from '../anomaly/robust-stats';

// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { abs, floor, max, min } = Math;

/**
 * Winsorises isolated spikes before a model is fitted: each value is clipped to its centred
 * rolling median plus or minus `k` robust standard deviations of the deviations from that
 * median. Bursts shorter than half the window are flattened; level shifts survive.
 */
export function outlierFilter(values: readonly number[], window = 25, k = 4): number[] {
  const n = values.length;
  if (n < window) return [...values];
  const half = floor(window / 2);
  const centre = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const from = max(0, min(i - half, n - window));
    centre[i] = median(values.slice(from, from + window));
  }
  const dev = values.map((v, i) => v - centre[i]);
  const md = median(dev);
  const spread = 1.4826 * median(dev.map((d) => abs(d - md)));
  if (!(spread > 0)) return [...values];
  return values.map((v, i) => min(centre[i] + k * spread, max(centre[i] - k * spread, v)));
}
