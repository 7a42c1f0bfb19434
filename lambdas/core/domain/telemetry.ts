/** The three signals, one stream each. */
export type Signal = 'metrics' | 'logs' | 'traces';

/** All signals, in a fixed order. */
export const SIGNALS: readonly Signal[] = ['metrics', 'logs', 'traces'];

/**
 * One record on a telemetry stream. `id` is unique per record and survives redelivery,
 * so processors can deduplicate; `data` is the UTF-8 JSON payload (a {@link TelemetryEnvelope}).
 */
export interface StreamRecord {
  readonly id: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

/**
 * What ingest puts on a stream: a typed payload with its record id. The payload `kind`
 * tells the processor how to read `body` (e.g. 'series', 'log-records', 'spans',
 * 'cloudwatch-logs').
 */
export interface TelemetryEnvelope<T = unknown> {
  readonly id: string;
  readonly kind: string;
  /** Unix milliseconds when ingest accepted it. */
  readonly receivedAt: number;
  readonly body: T;
}
