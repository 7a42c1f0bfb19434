import type { LabelMatcher, Labels, Series, TimeRange } from '../domain/series';
import type { Pingable } from './page';

/** What one write did: how many samples were stored and which series were refused and why. */
export interface MetricWriteResult {
  readonly accepted: number;
  readonly rejected: readonly { readonly labels: Labels; readonly reason: string }[];
}

/** A selection pushed down to the store: every matcher must hold; samples with start <= t <= end. */
export interface MetricSelection {
  readonly matchers: readonly LabelMatcher[];
  readonly range: TimeRange;
  /** At most this many series (the store may answer fewer). */
  readonly limit?: number;
}

/**
 * Where metric samples live (Timestream on AWS, SQLite locally).
 * Writes are idempotent: the same (series, timestamp) written twice keeps one sample, the last value.
 */
export interface MetricStore extends Pingable {
  write(series: readonly Series[]): Promise<MetricWriteResult>;
  /** Series matching the selection with their samples in the range, samples ascending. */
  select(selection: MetricSelection): Promise<Series[]>;
  /** Label sets of the series that have samples in the range and match. */
  findSeries(selection: MetricSelection): Promise<Labels[]>;
  /** Label names present on matching series, sorted. */
  labelNames(selection: MetricSelection): Promise<string[]>;
  /** Values of one label on matching series, sorted. */
  labelValues(name: string, selection: MetricSelection): Promise<string[]>;
}
