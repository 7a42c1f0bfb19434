import { decodeRemoteWrite } from '../../core/metrics/remote-write-codec';
import { validateSeries } from '../../core/metrics/series-validator';
import { ProtobufError } from '../../core/wire/protobuf-reader';
import { snappyDecompress, SnappyError, snappyUncompressedLength } from '../../core/wire/snappy';
import type { RouteHandler } from '../http/api-types';
import { errorResponse, httpError } from '../http/responses';
import { UnsupportedEncodingError } from './compressed-body';
import { metricIngestSettings } from './metric-ingest-settings';
import { acceptSeries, describeRejections } from './series-acceptor';

/**
 * `POST /api/v1/write`: Prometheus remote_write 1.0 (snappy-compressed protobuf). Answers 204
 * when everything was accepted; 400 for a body that does not decompress or decode; 413 when it
 * would decompress past the limit; and, when some series were refused, writes the valid ones
 * first and then answers 400 naming each refusal with counts (the sender does not retry 4xx,
 * so nothing valid is lost and nothing invalid is retried forever).
 */
export const ingestPrometheusRemoteWrite: RouteHandler = async ({ request, body, ports }) => {
  const settings = metricIngestSettings();
  const encoding = (request.headers['content-encoding'] ?? 'snappy').trim().toLowerCase();
  if (encoding !== 'snappy') {
    const e = new UnsupportedEncodingError(encoding, ['snappy']);
    return httpError(415, 'unsupported_media_type', e.message, [{ accepted: e.accepted }]);
  }
  const proto = /;\s*proto=([^;\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
  if (proto !== undefined && proto !== 'prometheus.WriteRequest') {
    return httpError(415, 'unsupported_media_type', `remote write message ${proto} is not accepted; send remote write 1.0 (protobuf_message: prometheus.WriteRequest)`, [
      { accepted: ['prometheus.WriteRequest'] },
    ]);
  }
  const raw = body as Buffer;
  let decoded;
  try {
    const declared = snappyUncompressedLength(raw);
    if (declared > settings.maxDecompressedBytes) {
      return errorResponse('payload_too_large', `the body decompresses to ${declared} bytes; the limit is ${settings.maxDecompressedBytes}`, [
        { limit: settings.maxDecompressedBytes, size: declared },
      ]);
    }
    decoded = decodeRemoteWrite(snappyDecompress(raw, settings.maxDecompressedBytes));
  } catch (error) {
    if (error instanceof SnappyError) return errorResponse('invalid_argument', `the body is not valid snappy: ${error.message}`, [{ in: 'body', format: 'snappy' }]);
    if (error instanceof ProtobufError) return errorResponse('invalid_argument', `the body is not a remote_write WriteRequest: ${error.message}`, [{ in: 'body', format: 'protobuf' }]);
    throw error;
  }
  const validation = validateSeries(decoded.series, settings.limits, ports.clock.now());
  await acceptSeries(ports, validation.accepted, decoded.metadata, settings);
  const notes: string[] = [];
  if (decoded.histogramCount > 0) notes.push(`${decoded.histogramCount} native histogram samples are not stored (send classic histograms)`);
  if (validation.rejections.length === 0) {
    return { statusCode: 204, headers: notes.length > 0 ? { warning: `299 - "${notes.join('; ')}"` } : {} };
  }
  const { summary, details } = describeRejections(validation.rejections);
  return errorResponse('invalid_argument', `${validation.acceptedSamples} samples written; refused ${summary}`, [
    { accepted: { series: validation.accepted.length, samples: validation.acceptedSamples } },
    ...details,
    ...notes.map((note) => ({ note })),
  ]);
};
