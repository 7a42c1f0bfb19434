/** Ingest limits for metrics; every rejection they cause is counted and explained. */
export interface MetricLimits {
  /** Longest label name, in characters. @default 1024 */
  readonly maxLabelNameLength: number;
  /** Longest label value, in characters. @default 2048 (as Mimir and Cortex) */
  readonly maxLabelValueLength: number;
  /** Most labels on one series, `__name__` included. @default 40 */
  readonly maxLabelsPerSeries: number;
  /** Most series in one request. @default 50000 */
  readonly maxSeriesPerRequest: number;
  /** How far in the future a sample may be, in ms. @default 10 minutes (Timestream refuses past 15) */
  readonly maxFutureMs: number;
  /** How old a sample may be, in ms; 0 for no limit. @default 0 */
  readonly maxAgeMs: number;
  /** Most active series per metric name (cardinality), enforced with state at the writer. @default 100000 */
  readonly maxSeriesPerMetric: number;
}

/** The defaults, close to Mimir's and within Timestream's bounds. */
export const DEFAULT_METRIC_LIMITS: MetricLimits = {
  maxLabelNameLength: 1024,
  maxLabelValueLength: 2048,
  maxLabelsPerSeries: 40,
  maxSeriesPerRequest: 50_000,
  maxFutureMs: 10 * 60_000,
  maxAgeMs: 0,
  maxSeriesPerMetric: 100_000,
};
