/**
 * A log entry as it arrives, before processing (parsing, masking, pattern mining) turns it
 * into a {@link LogRecord}: what ingest puts on the `logs` stream.
 */
export interface RawLogEntry {
  /** Stable across redelivery: the CloudWatch event id, or assigned at ingest. */
  readonly id?: string;
  /** Unix milliseconds. */
  readonly timestamp: number;
  /** The log line or body, as text. */
  readonly body: string;
  readonly service?: string;
  /** Where it came from: `loki`, a CloudWatch log group and stream, `otlp`... */
  readonly source: string;
  readonly severityText?: string;
  /** OpenTelemetry severity number (1-24), when the sender gave one. */
  readonly severityNumber?: number;
  /** Stream labels, resource and record attributes. */
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly traceId?: string;
  readonly spanId?: string;
}
