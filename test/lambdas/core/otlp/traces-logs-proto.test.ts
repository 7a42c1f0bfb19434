import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeOtlpLogsProto } from '../../../../lambdas/core/otlp/logs-proto';
import { decodeOtlpTracesProto } from '../../../../lambdas/core/otlp/traces-proto';
import { decodeOtlpTraces } from '../../../../lambdas/core/traces/decoding/decode-otlp-traces';
import { ProtobufError } from '../../../../lambdas/core/wire/protobuf-reader';
import { describeWithConformance } from '../../../support/conformance';
import { encodeLogsProto, encodeTracesProto } from '../../../support/otlp-proto-encoder';

// OTLP/JSON ids may be upper case; the protobuf decoder answers lower case hex.
function lowerIds<T>(json: T): T {
  return JSON.parse(JSON.stringify(json), (k, v) => (['traceId', 'spanId', 'parentSpanId'].includes(k) && typeof v === 'string' ? v.toLowerCase() : v));
}

describeWithConformance('OTLP protobuf decoders against the example requests', ['otlp'], (dir) => {
  const load = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));

  it('decodes the example trace to the same spans as its JSON form', () => {
    const json = load('trace.json');
    const fromProto = decodeOtlpTracesProto(encodeTracesProto(json));
    expect(fromProto.resourceSpans[0].scopeSpans[0].spans[0]).toMatchObject(lowerIds(json.resourceSpans[0].scopeSpans[0].spans[0]));
    expect(decodeOtlpTraces(fromProto)).toEqual(decodeOtlpTraces(json));
    expect(decodeOtlpTraces(fromProto).spans).toHaveLength(1);
  });

  it('decodes the example log request with every attribute type', () => {
    const json = load('logs.json');
    const fromProto = decodeOtlpLogsProto(encodeLogsProto(json));
    const expected = lowerIds(json.resourceLogs[0].scopeLogs[0].logRecords[0]);
    // int64 values come back as numbers; OTLP/JSON writes them as strings.
    expected.attributes.find((a: { key: string }) => a.key === 'int.attribute').value.intValue = 10;
    expect(fromProto.resourceLogs[0].scopeLogs[0].logRecords[0]).toEqual(expected);
    expect(fromProto.resourceLogs[0].scopeLogs[0].scope).toEqual(json.resourceLogs[0].scopeLogs[0].scope);
  });

  it('fails cleanly on a truncated body', () => {
    const body = encodeLogsProto(load('logs.json'));
    expect(() => decodeOtlpLogsProto(body.subarray(0, body.length - 7))).toThrow(ProtobufError);
  });
});
