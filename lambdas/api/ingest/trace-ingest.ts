import { PlatformError } from '../../core/domain/errors';
import { decodeOtlpTracesProto } from '../../core/otlp/traces-proto';
import { decodeOtlpTraces } from '../../core/traces/decoding/decode-otlp-traces';
import { decodeZipkinSpans } from '../../core/traces/decoding/decode-zipkin-spans';
import type { DecodeResult } from '../../core/traces/decoding/span-problem';
import { ProtobufWriter } from '../../core/wire/protobuf-writer';
import type { ApiResponse, RouteContext, RouteHandler } from '../http/api-types';
import { httpError, jsonResponse } from '../http/responses';
import { spanPayloads, traceRequestBody } from './trace-envelopes';
import { writeToStream } from './stream-writer';

const PROTOBUF = 'application/x-protobuf';

function mediaType(ctx: RouteContext): string {
  return (ctx.request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new PlatformError('invalid_argument', `the body is not valid JSON: ${(e as Error).message}`, [{ in: 'body' }]);
  }
}

/** The first few problems as one line, for `partialSuccess.errorMessage` and logs. */
export function problemsMessage(result: DecodeResult, max = 5): string {
  const rejected = result.problems.filter((p) => p.action === 'rejected');
  const shown = rejected.slice(0, max).map((p) => `${p.path}: ${p.code} (${p.message})`);
  const more = rejected.length > max ? `; and ${rejected.length - max} more` : '';
  return `${result.rejected} span(s) rejected: ${shown.join('; ')}${more}`;
}

/** `ExportTraceServiceResponse` as protobuf: empty, or `partial_success` { rejected_spans, error_message }. */
export function encodeExportTraceResponse(rejectedSpans: number, errorMessage: string): Buffer {
  const w = new ProtobufWriter();
  if (rejectedSpans > 0 || errorMessage !== '') {
    w.message(1, (p) => {
      if (rejectedSpans > 0) p.int64(1, rejectedSpans);
      if (errorMessage !== '') p.string(2, errorMessage);
    });
  }
  return Buffer.from(w.finish());
}

async function accept(ctx: RouteContext, result: DecodeResult): Promise<void> {
  if (result.spans.length > 0) await writeToStream(ctx.ports, 'traces', spanPayloads(result.spans));
}

/** The traces write paths of the `ingest` function: OTLP/HTTP (protobuf or JSON, gzip or not) and Zipkin v2 JSON. */
export const traceIngestOperations: Readonly<Record<string, RouteHandler>> = {
  async ingestOtlpTraces(ctx): Promise<ApiResponse> {
    const body = traceRequestBody(ctx.body, ctx.request.headers['content-encoding']);
    if (!Buffer.isBuffer(body)) return body;
    const proto = mediaType(ctx) === PROTOBUF;
    let request: unknown;
    if (proto) {
      try {
        request = decodeOtlpTracesProto(body);
      } catch (e) {
        throw new PlatformError('invalid_argument', `the body is not a valid ExportTraceServiceRequest: ${(e as Error).message}`, [{ in: 'body' }]);
      }
    } else {
      request = parseJson(body);
    }
    const result = decodeOtlpTraces(request);
    await accept(ctx, result);
    const message = result.rejected > 0 ? problemsMessage(result) : '';
    if (proto) return { statusCode: 200, headers: { 'content-type': PROTOBUF }, body: encodeExportTraceResponse(result.rejected, message) };
    return jsonResponse(200, result.rejected > 0 ? { partialSuccess: { rejectedSpans: String(result.rejected), errorMessage: message } } : {});
  },

  async ingestZipkinSpans(ctx): Promise<ApiResponse> {
    if (mediaType(ctx) === PROTOBUF) {
      return httpError(415, 'unsupported_media_type', 'Zipkin protobuf is not accepted; send Zipkin v2 JSON', [{ accepted: ['application/json'] }]);
    }
    const body = traceRequestBody(ctx.body, ctx.request.headers['content-encoding']);
    if (!Buffer.isBuffer(body)) return body;
    const result = decodeZipkinSpans(parseJson(body));
    if (result.spans.length === 0 && result.rejected > 0) {
      throw new PlatformError('invalid_argument', problemsMessage(result), result.problems.slice(0, 20));
    }
    await accept(ctx, result);
    return { statusCode: 202, headers: {}, body: '' };
  },
};
