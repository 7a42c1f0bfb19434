import { PlatformError } from '../../core/domain/errors';
import type { RawLogEntry } from '../../core/domain/raw-log-entry';
import { decodeLokiPushJson, decodeLokiPushProto } from '../../core/log-ingest/loki-push-decoder';
import { decodeOtlpLogs } from '../../core/log-ingest/otlp-logs-decoder';
import { decodeOtlpLogsProto } from '../../core/otlp/logs-proto';
import { ProtobufError } from '../../core/wire/protobuf-reader';
import { ProtobufWriter } from '../../core/wire/protobuf-writer';
import { snappyDecompress, SnappyError } from '../../core/wire/snappy';
import type { ApiResponse, RouteContext, RouteHandler } from '../http/api-types';
import { errorResponse, httpError, jsonResponse } from '../http/responses';
import { decompressBody, UnsupportedEncodingError } from './compressed-body';
import { dropOversized, MAX_LOG_BODY_BYTES, rawLogPayloads, withIngestIds } from './log-envelopes';
import { writeToStream } from './stream-writer';

const PROTOBUF = 'application/x-protobuf';

/** Largest body once decompressed: a bound against compression bombs. */
export const MAX_INFLATED_LOG_BYTES = 64 * 1024 * 1024;

function mediaType(ctx: RouteContext): string {
  return (ctx.request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw new PlatformError('invalid_argument', `the body is not valid JSON: ${(e as Error).message}`, [{ in: 'body' }]);
  }
}

/** Decodes the body with `decode`, mapping encoding and wire errors to 415 and 400. */
function decodeBody<T>(ctx: RouteContext, what: string, decode: (raw: Buffer) => T): T | ApiResponse {
  const body = Buffer.isBuffer(ctx.body) ? ctx.body : Buffer.alloc(0);
  try {
    return decode(decompressBody(body, ctx.request.headers['content-encoding'], MAX_INFLATED_LOG_BYTES));
  } catch (error) {
    if (error instanceof UnsupportedEncodingError) return httpError(415, 'unsupported_media_type', error.message, [{ accepted: error.accepted }]);
    if (error instanceof ProtobufError || error instanceof SnappyError) {
      return errorResponse('invalid_argument', `the body is not a valid ${what}: ${error.message}`, [{ in: 'body', format: 'protobuf' }]);
    }
    throw error;
  }
}

function isResponse(x: unknown): x is ApiResponse {
  return typeof x === 'object' && x !== null && 'statusCode' in x;
}

async function accept(ctx: RouteContext, entries: readonly RawLogEntry[]): Promise<number> {
  const { kept, rejected } = dropOversized(entries);
  if (kept.length > 0) await writeToStream(ctx.ports, 'logs', rawLogPayloads(withIngestIds(kept)));
  return rejected;
}

/** `ExportLogsServiceResponse` as protobuf: empty, or `partial_success` { rejected_log_records, error_message }. */
export function encodeExportLogsResponse(rejected: number, errorMessage: string): Buffer {
  const w = new ProtobufWriter();
  if (rejected > 0 || errorMessage !== '') {
    w.message(1, (p) => {
      if (rejected > 0) p.int64(1, rejected);
      if (errorMessage !== '') p.string(2, errorMessage);
    });
  }
  return Buffer.from(w.finish());
}

/**
 * The logs write paths of the `ingest` function. Entries get their ids here and go onto the
 * `logs` stream as `raw-log-entries` envelopes; the log processor parses, masks and stores them.
 */
export const logIngestOperations: Readonly<Record<string, RouteHandler>> = {
  /** `POST /v1/logs`: OTLP/HTTP, protobuf or JSON, gzip or not; answers `ExportLogsServiceResponse`. */
  async ingestOtlpLogs(ctx): Promise<ApiResponse> {
    const proto = mediaType(ctx) === PROTOBUF;
    const request = decodeBody(ctx, 'ExportLogsServiceRequest', (raw) => (proto ? decodeOtlpLogsProto(raw) : parseJson(raw)));
    if (isResponse(request)) return request;
    const rejected = await accept(ctx, decodeOtlpLogs(request, ctx.ports.clock.now()));
    const message = rejected > 0 ? `${rejected} log record(s) rejected: body over ${MAX_LOG_BODY_BYTES} bytes` : '';
    if (proto) return { statusCode: 200, headers: { 'content-type': PROTOBUF }, body: encodeExportLogsResponse(rejected, message) };
    return jsonResponse(200, rejected > 0 ? { partialSuccess: { rejectedLogRecords: String(rejected), errorMessage: message } } : {});
  },

  /**
   * `POST /loki/api/v1/push`: JSON (optionally gzip) or snappy-compressed `logproto.PushRequest`
   * as Promtail, Grafana Alloy and Fluent Bit send it; 204 like Loki.
   */
  async ingestLokiPush(ctx): Promise<ApiResponse> {
    const proto = mediaType(ctx) === PROTOBUF;
    const entries = decodeBody(ctx, 'snappy-compressed PushRequest', (raw) =>
      proto ? decodeLokiPushProto(snappyDecompress(raw, MAX_INFLATED_LOG_BYTES)) : decodeLokiPushJson(parseJson(raw)),
    );
    if (isResponse(entries)) return entries;
    const rejected = await accept(ctx, entries);
    if (rejected > 0 && rejected === entries.length) {
      throw new PlatformError('payload_too_large', `every line is over ${MAX_LOG_BODY_BYTES} bytes`, [{ limit: MAX_LOG_BODY_BYTES, rejected }]);
    }
    return { statusCode: 204, headers: {}, body: '' };
  },
};
