import type { SpanKind, SpanStatus } from '../../domain/span';

/** Tempo's span-metrics default latency buckets, seconds: 0.002 × 2^k for k = 0..13 (2 ms to 16.384 s). */
export const SPAN_METRICS_BUCKETS: readonly number[] = Array.from({ length: 14 }, (_, k) => 0.002 * 2 ** k);

/** Metric names Tempo's metrics-generator writes. */
export const TEMPO_METRIC = {
  spanCalls: 'traces_spanmetrics_calls_total',
  spanLatency: 'traces_spanmetrics_latency',
  graphRequests: 'traces_service_graph_request_total',
  graphFailed: 'traces_service_graph_request_failed_total',
  graphServerSeconds: 'traces_service_graph_request_server_seconds',
  graphClientSeconds: 'traces_service_graph_request_client_seconds',
} as const;

const KIND_LABELS: Readonly<Record<SpanKind, string>> = {
  unspecified: 'SPAN_KIND_UNSPECIFIED',
  internal: 'SPAN_KIND_INTERNAL',
  server: 'SPAN_KIND_SERVER',
  client: 'SPAN_KIND_CLIENT',
  producer: 'SPAN_KIND_PRODUCER',
  consumer: 'SPAN_KIND_CONSUMER',
};

const STATUS_LABELS: Readonly<Record<SpanStatus, string>> = {
  unset: 'STATUS_CODE_UNSET',
  ok: 'STATUS_CODE_OK',
  error: 'STATUS_CODE_ERROR',
};

/** The `span_kind` label value, as Tempo writes it (the protobuf enum name, e.g. `SPAN_KIND_SERVER`). */
export function spanKindLabel(kind: SpanKind): string {
  return KIND_LABELS[kind] ?? 'SPAN_KIND_UNSPECIFIED';
}

/** The `status_code` label value, as Tempo writes it (e.g. `STATUS_CODE_ERROR`). */
export function statusCodeLabel(status: SpanStatus): string {
  return STATUS_LABELS[status] ?? 'STATUS_CODE_UNSET';
}

/** A Prometheus-safe label name for an attribute (`http.method` → `http_method`), as Tempo sanitises dimensions. */
export function sanitizeLabelName(name: string): string {
  const s = name.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(s) ? `_${s}` : s;
}
