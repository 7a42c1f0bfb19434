import { DEFAULT_METRIC_LIMITS, type MetricLimits } from '../../core/metrics/metric-limits';

/** What metric ingest enforces beyond the per-series limits. */
export interface MetricIngestSettings {
  readonly limits: MetricLimits;
  /** Largest body once decompressed (snappy or gzip). @default 32 MiB */
  readonly maxDecompressedBytes: number;
  /** Partitions series are spread over on the metrics stream. @default 16 */
  readonly partitions: number;
}

/** The defaults. */
export const DEFAULT_METRIC_INGEST_SETTINGS: MetricIngestSettings = {
  limits: DEFAULT_METRIC_LIMITS,
  maxDecompressedBytes: 32 * 1024 * 1024,
  partitions: 16,
};

// Environment names the CDK app may set on the ingest function; each overrides one default.
const ENV_LIMITS: Record<string, keyof MetricLimits> = {
  METRICS_MAX_LABEL_NAME_LENGTH: 'maxLabelNameLength',
  METRICS_MAX_LABEL_VALUE_LENGTH: 'maxLabelValueLength',
  METRICS_MAX_LABELS_PER_SERIES: 'maxLabelsPerSeries',
  METRICS_MAX_SERIES_PER_REQUEST: 'maxSeriesPerRequest',
  METRICS_MAX_FUTURE_MS: 'maxFutureMs',
  METRICS_MAX_AGE_MS: 'maxAgeMs',
  METRICS_MAX_SERIES_PER_METRIC: 'maxSeriesPerMetric',
};

let current: MetricIngestSettings | undefined;

/**
 * The settings ingest uses: those installed with {@link useMetricIngestSettings}, otherwise the
 * defaults with overrides from the environment, read on first use (never at import).
 */
export function metricIngestSettings(env: Readonly<Record<string, string | undefined>> = process.env): MetricIngestSettings {
  if (current) return current;
  const limits: Record<string, number> = { ...DEFAULT_METRIC_LIMITS };
  for (const [name, key] of Object.entries(ENV_LIMITS)) {
    const n = Number(env[name]);
    if (env[name] !== undefined && Number.isFinite(n) && n >= 0) limits[key] = n;
  }
  const maxBytes = Number(env.METRICS_MAX_DECOMPRESSED_BYTES);
  current = {
    ...DEFAULT_METRIC_INGEST_SETTINGS,
    limits: limits as unknown as MetricLimits,
    ...(maxBytes > 0 && { maxDecompressedBytes: maxBytes }),
  };
  return current;
}

/** Installs settings (tests, the local runtime); `undefined` goes back to defaults plus environment. */
export function useMetricIngestSettings(settings: (Partial<Omit<MetricIngestSettings, 'limits'>> & { limits?: Partial<MetricLimits> }) | undefined): void {
  current = settings === undefined ? undefined : { ...DEFAULT_METRIC_INGEST_SETTINGS, ...settings, limits: { ...DEFAULT_METRIC_LIMITS, ...settings.limits } };
}
