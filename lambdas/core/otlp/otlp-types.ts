/**
 * The OTLP/JSON shapes (ExportXServiceRequest as OTLP/HTTP JSON encodes it). The protobuf
 * decoders in this folder produce the same shapes, so one translator serves both encodings:
 * 64-bit integers as decimal strings or numbers, ids as hex strings, enums as numbers.
 */
export type OtlpInt = string | number;

/** An attribute value: exactly one field is set. */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: OtlpInt;
  doubleValue?: number | string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  /** Base64 in OTLP/JSON. */
  bytesValue?: string;
}

/** One attribute. */
export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

/** The entity that produced the telemetry. */
export interface OtlpResource {
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

/** The instrumentation library. */
export interface OtlpScope {
  name?: string;
  version?: string;
  attributes?: OtlpKeyValue[];
}

/** A number data point (gauges and sums). */
export interface OtlpNumberDataPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: OtlpInt;
  timeUnixNano?: OtlpInt;
  asDouble?: number | string;
  asInt?: OtlpInt;
  flags?: number;
}

/** An explicit-bucket histogram data point. */
export interface OtlpHistogramDataPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: OtlpInt;
  timeUnixNano?: OtlpInt;
  count?: OtlpInt;
  sum?: number | string;
  bucketCounts?: OtlpInt[];
  explicitBounds?: (number | string)[];
  flags?: number;
  min?: number;
  max?: number;
}

/** Buckets of one sign of an exponential histogram. */
export interface OtlpExponentialBuckets {
  offset?: number;
  bucketCounts?: OtlpInt[];
}

/** An exponential histogram data point. */
export interface OtlpExponentialHistogramDataPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: OtlpInt;
  timeUnixNano?: OtlpInt;
  count?: OtlpInt;
  sum?: number | string;
  scale?: number;
  zeroCount?: OtlpInt;
  positive?: OtlpExponentialBuckets;
  negative?: OtlpExponentialBuckets;
  flags?: number;
  zeroThreshold?: number;
}

/** A summary data point. */
export interface OtlpSummaryDataPoint {
  attributes?: OtlpKeyValue[];
  startTimeUnixNano?: OtlpInt;
  timeUnixNano?: OtlpInt;
  count?: OtlpInt;
  sum?: number | string;
  quantileValues?: { quantile?: number; value?: number | string }[];
  flags?: number;
}

/** One metric with exactly one data field set. */
export interface OtlpMetric {
  name: string;
  description?: string;
  unit?: string;
  gauge?: { dataPoints?: OtlpNumberDataPoint[] };
  sum?: { dataPoints?: OtlpNumberDataPoint[]; aggregationTemporality?: number; isMonotonic?: boolean };
  histogram?: { dataPoints?: OtlpHistogramDataPoint[]; aggregationTemporality?: number };
  exponentialHistogram?: { dataPoints?: OtlpExponentialHistogramDataPoint[]; aggregationTemporality?: number };
  summary?: { dataPoints?: OtlpSummaryDataPoint[] };
}

/** `ExportMetricsServiceRequest`. */
export interface OtlpMetricsRequest {
  resourceMetrics?: {
    resource?: OtlpResource;
    scopeMetrics?: { scope?: OtlpScope; metrics?: OtlpMetric[]; schemaUrl?: string }[];
    schemaUrl?: string;
  }[];
}

/** AggregationTemporality enum values. */
export const TEMPORALITY = { UNSPECIFIED: 0, DELTA: 1, CUMULATIVE: 2 } as const;

/** DataPointFlags.FLAG_NO_RECORDED_VALUE: the point marks the series as absent (stale). */
export const FLAG_NO_RECORDED_VALUE = 1;
