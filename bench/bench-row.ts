/** One line of the benchmark table `npm run bench` prints. */
export interface BenchRow {
  /** Which capability, e.g. 'metrics', 'logs'. */
  readonly area: string;
  /** What was measured, e.g. 'remote_write samples/s end to end'. */
  readonly name: string;
  readonly value: number;
  /** Unit of `value`, e.g. 'samples/s', 'ms'. */
  readonly unit: string;
  /** The target as text, e.g. '>= 100000', or '' when none. */
  readonly target?: string;
  /** Whether the target was met; undefined when there is no target. */
  readonly ok?: boolean;
}

/** A benchmark module: `bench/<area>.bench.ts` default-exports one of these. */
export type Benchmark = () => Promise<BenchRow[]>;

/** Percentile (0..100) of a list of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
