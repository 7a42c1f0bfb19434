import { pending } from './operation-builder';
import type { OperationObject, PathItem } from './openapi-types';

/** Largest ingest body: a 6 MB synchronous Lambda payload holds about 4.5 MB once base64-encoded. */
export const INGEST_MAX_BODY_BYTES = 4 * 1024 * 1024;

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

function ingest(operationId: string, capability: string, summary: string, contentTypes: readonly string[]): PathItem {
  const extra: Partial<OperationObject> = {
    'x-function': 'ingest',
    'x-max-body-bytes': INGEST_MAX_BODY_BYTES,
    requestBody: { required: true, content: Object.fromEntries(contentTypes.map((t) => [t, {}])) },
  };
  return { post: pending(operationId, 'ingest', capability, summary, extra) };
}

/** The write paths, served by the `ingest` function. */
export function ingestPaths(): Record<string, PathItem> {
  return {
    '/v1/metrics': ingest('ingestOtlpMetrics', 'metrics', 'OTLP/HTTP metrics', [PROTOBUF, JSON_TYPE]),
    '/v1/logs': ingest('ingestOtlpLogs', 'logs', 'OTLP/HTTP logs', [PROTOBUF, JSON_TYPE]),
    '/v1/traces': ingest('ingestOtlpTraces', 'traces', 'OTLP/HTTP traces', [PROTOBUF, JSON_TYPE]),
    '/api/v1/write': ingest('ingestPrometheusRemoteWrite', 'metrics', 'Prometheus remote write (snappy protobuf)', [PROTOBUF]),
    '/api/v2/spans': ingest('ingestZipkinSpans', 'traces', 'Zipkin v2 spans', [JSON_TYPE, PROTOBUF]),
    '/loki/api/v1/push': ingest('ingestLokiPush', 'logs', 'Loki push', [PROTOBUF, JSON_TYPE]),
  };
}
