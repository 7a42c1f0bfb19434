import type { PathItem } from './openapi-types';

/** Largest ingest body: a 6 MB synchronous Lambda payload holds about 4.5 MB once base64-encoded. */
export const INGEST_MAX_BODY_BYTES = 4 * 1024 * 1024;

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

/** An ingest operation that is served (no `x-capability`, so no 501). */
function served(operationId: string, summary: string, contentTypes: readonly string[], responses: Record<string, unknown>): PathItem {
  return {
    post: {
      operationId,
      summary,
      tags: ['ingest'],
      'x-function': 'ingest',
      'x-max-body-bytes': INGEST_MAX_BODY_BYTES,
      requestBody: { required: true, content: Object.fromEntries(contentTypes.map((t) => [t, {}])) },
      responses,
    },
  };
}

const METRIC_WRITE_ERRORS = {
  '400': { description: 'Malformed body, or some series refused (the valid ones are written; details count each reason)' },
  '413': { description: 'Body over the limit, compressed or decompressed' },
  '415': { description: 'Unsupported content type or encoding' },
  '503': { description: 'The metrics stream did not take the data; retry' },
};

const TRACE_WRITE_ERRORS = {
  '400': { description: 'Malformed body (Zipkin: every span rejected)' },
  '413': { description: 'Body over the limit, or one span too big for a stream record' },
  '415': { description: 'Unsupported content type or encoding (Zipkin protobuf)' },
  '503': { description: 'The traces stream did not take the data; retry' },
};

const LOG_WRITE_ERRORS = {
  '400': { description: 'Malformed body' },
  '413': { description: 'Body over the limit, compressed or decompressed' },
  '415': { description: 'Unsupported content encoding' },
  '503': { description: 'The logs stream did not take the data; retry' },
};

/** The write paths, served by the `ingest` function. */
export function ingestPaths(): Record<string, PathItem> {
  return {
    '/v1/metrics': served('ingestOtlpMetrics', 'OTLP/HTTP metrics (gzip accepted)', [PROTOBUF, JSON_TYPE], {
      '200': { description: 'ExportMetricsServiceResponse, with partialSuccess when points were refused' },
      ...METRIC_WRITE_ERRORS,
    }),
    '/v1/logs': served('ingestOtlpLogs', 'OTLP/HTTP logs (gzip accepted)', [PROTOBUF, JSON_TYPE], {
      '200': { description: 'ExportLogsServiceResponse, with partialSuccess when records were refused' },
      ...LOG_WRITE_ERRORS,
    }),
    '/v1/traces': served('ingestOtlpTraces', 'OTLP/HTTP traces (gzip accepted)', [PROTOBUF, JSON_TYPE], {
      '200': { description: 'ExportTraceServiceResponse (protobuf for protobuf requests), with partialSuccess when spans were rejected' },
      ...TRACE_WRITE_ERRORS,
    }),
    '/api/v1/write': served('ingestPrometheusRemoteWrite', 'Prometheus remote write 1.0 (snappy protobuf)', [PROTOBUF], { '204': { description: 'Every series written' }, ...METRIC_WRITE_ERRORS }),
    '/api/v2/spans': served('ingestZipkinSpans', 'Zipkin v2 JSON spans (gzip accepted)', [JSON_TYPE, PROTOBUF], { '202': { description: 'Accepted' }, ...TRACE_WRITE_ERRORS }),
    '/loki/api/v1/push': served('ingestLokiPush', 'Loki push: JSON (gzip accepted) or snappy-compressed protobuf', [PROTOBUF, JSON_TYPE], {
      '204': { description: 'Every line accepted' },
      ...LOG_WRITE_ERRORS,
    }),
  };
}
