import type { Sample, TimeRange } from '../../domain/series';

/**
 * How much a cumulative counter grew within `range` (Unix ms), from its samples in ascending
 * order (which may start before the range, to give the baseline). The baseline is the last
 * sample before the range, or 0 when the series starts inside it (a counter that appeared in
 * the range counted from zero, as the trace processor's counters do). A drop is a reset: the
 * count restarts from zero at that sample.
 */
export function counterIncrease(samples: readonly Sample[], range: TimeRange): number {
  let base = 0;
  let prev: number | undefined;
  let increase = 0;
  for (const s of samples) {
    if (s.timestamp < range.start) {
      base = s.value;
      continue;
    }
    if (s.timestamp > range.end) break;
    const from = prev ?? base;
    increase += s.value >= from ? s.value - from : s.value;
    prev = s.value;
  }
  return increase;
}
