import { PlatformError } from '../../core/domain/errors';
import { translateOtlpMetrics } from '../../core/metrics/otlp-translator';
import { toIncoming, validateSeries } from '../../core/metrics/series-validator';
import { decodeOtlpMetricsProto } from '../../core/otlp/metrics-proto';
import type { OtlpMetricsRequest } from '../../core/otlp/otlp-types';
import { ProtobufError } from '../../core/wire/protobuf-reader';
import { ProtobufWriter } from '../../core/wire/protobuf-writer';
import type { ApiResponse, RouteHandler } from '../http/api-types';
import { errorResponse, httpError } from '../http/responses';
import { decompressBody, UnsupportedEncodingError } from './compressed-body';
import { metricIngestSettings } from './metric-ingest-settings';
import { acceptSeries, describeRejections } from './series-acceptor';

const PROTOBUF = 'application/x-protobuf';

/**
 * `POST /v1/metrics`: OTLP/HTTP metrics, protobuf or JSON, optionally gzip-compressed.
 * Points are translated to Prometheus series (Prometheus' OTLP naming), validated, and the
 * valid ones put on the metrics stream. The answer is an `ExportMetricsServiceResponse` in the
 * request's encoding, with `partialSuccess` when points were refused or stored differently
 * than sent; a body that does not decode gets 400.
 */
export const ingestOtlpMetrics: RouteHandler = async ({ request, body, ports }) => {
  const settings = metricIngestSettings();
  const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const binary = contentType === PROTOBUF;
  let decoded: OtlpMetricsRequest;
  try {
    const raw = decompressBody(body as Buffer, request.headers['content-encoding'], settings.maxDecompressedBytes);
    decoded = binary ? decodeOtlpMetricsProto(raw) : parseJson(raw);
  } catch (error) {
    if (error instanceof UnsupportedEncodingError) return httpError(415, 'unsupported_media_type', error.message, [{ accepted: error.accepted }]);
    if (error instanceof ProtobufError) return errorResponse('invalid_argument', `the body is not an OTLP ExportMetricsServiceRequest: ${error.message}`, [{ in: 'body', format: 'protobuf' }]);
    throw error;
  }
  const now = ports.clock.now();
  const translation = translateOtlpMetrics(decoded, now);
  const validation = validateSeries(translation.series.map(toIncoming), settings.limits, now);
  await acceptSeries(ports, validation.accepted, translation.metadata, settings);
  const rejected = translation.rejectedDataPoints + validation.rejections.reduce((n, r) => n + r.samples, 0);
  const messages = [...translation.messages];
  if (validation.rejections.length > 0) messages.push(`refused ${describeRejections(validation.rejections).summary}`);
  return exportResponse(binary, rejected, messages.join('; '));
};

function parseJson(raw: Buffer): OtlpMetricsRequest {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new PlatformError('invalid_argument', `the body is not valid JSON: ${(e as Error).message}`, [{ in: 'body' }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PlatformError('invalid_argument', 'the body must be an ExportMetricsServiceRequest object', [{ in: 'body' }]);
  }
  const rms = (value as { resourceMetrics?: unknown }).resourceMetrics;
  if (rms !== undefined && !Array.isArray(rms)) throw new PlatformError('invalid_argument', 'resourceMetrics must be an array', [{ in: 'body', path: '/resourceMetrics' }]);
  return value as OtlpMetricsRequest;
}

/** `ExportMetricsServiceResponse`, protobuf or JSON; `partialSuccess` only when there is something to say. */
function exportResponse(binary: boolean, rejected: number, message: string): ApiResponse {
  const partial = rejected > 0 || message !== '';
  if (binary) {
    const w = new ProtobufWriter();
    if (partial) w.message(1, (p) => p.int64(1, rejected).string(2, message));
    return { statusCode: 200, headers: { 'content-type': PROTOBUF }, body: Buffer.from(w.finish()) };
  }
  const json = partial ? { partialSuccess: { rejectedDataPoints: String(rejected), errorMessage: message } } : {};
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) };
}
