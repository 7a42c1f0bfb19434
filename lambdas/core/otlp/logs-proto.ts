import { ProtobufReader, WIRE } from '../wire/protobuf-reader';
import { readAnyValue, readKeyValue, readNanos, readRepeated, readResource, readScope } from './common-proto';
import type { OtlpAnyValue, OtlpKeyValue, OtlpResource, OtlpScope } from './otlp-types';
import { hex } from './traces-proto';

/** One log record in the OTLP/JSON shape. */
export interface OtlpLogRecordJson {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  severityNumber?: number;
  severityText?: string;
  body?: OtlpAnyValue;
  attributes: OtlpKeyValue[];
  flags?: number;
  traceId?: string;
  spanId?: string;
  eventName?: string;
}

/** `ExportLogsServiceRequest` in the OTLP/JSON shape. */
export interface OtlpLogsRequestJson {
  resourceLogs: { resource?: OtlpResource; scopeLogs: { scope?: OtlpScope; logRecords: OtlpLogRecordJson[]; schemaUrl?: string }[]; schemaUrl?: string }[];
}

/** Decodes a protobuf `ExportLogsServiceRequest` into the OTLP/JSON shape; throws ProtobufError when malformed. */
export function decodeOtlpLogsProto(body: Uint8Array): OtlpLogsRequestJson {
  return {
    resourceLogs: readRepeated(new ProtobufReader(body), 1, (rl) => {
      const out: OtlpLogsRequestJson['resourceLogs'][number] = { scopeLogs: [] };
      while (rl.more()) {
        const { field, wire } = rl.tag();
        if (field === 1 && wire === WIRE.LEN) out.resource = readResource(rl.message());
        else if (field === 2 && wire === WIRE.LEN) out.scopeLogs.push(readScopeLogs(rl.message()));
        else if (field === 3 && wire === WIRE.LEN) out.schemaUrl = rl.string();
        else rl.skip(wire);
      }
      return out;
    }),
  };
}

function readScopeLogs(r: ProtobufReader): OtlpLogsRequestJson['resourceLogs'][number]['scopeLogs'][number] {
  const out: ReturnType<typeof readScopeLogs> = { logRecords: [] };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) out.scope = readScope(r.message());
    else if (field === 2 && wire === WIRE.LEN) out.logRecords.push(readLogRecord(r.message()));
    else if (field === 3 && wire === WIRE.LEN) out.schemaUrl = r.string();
    else r.skip(wire);
  }
  return out;
}

function readLogRecord(r: ProtobufReader): OtlpLogRecordJson {
  const rec: OtlpLogRecordJson = { attributes: [] };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.I64) rec.timeUnixNano = readNanos(r);
    else if (field === 11 && wire === WIRE.I64) rec.observedTimeUnixNano = readNanos(r);
    else if (field === 2 && wire === WIRE.VARINT) rec.severityNumber = r.varint();
    else if (field === 3 && wire === WIRE.LEN) rec.severityText = r.string();
    else if (field === 5 && wire === WIRE.LEN) rec.body = readAnyValue(r.message());
    else if (field === 6 && wire === WIRE.LEN) rec.attributes.push(readKeyValue(r.message()));
    else if (field === 8 && wire === WIRE.I32) rec.flags = r.fixed32();
    else if (field === 9 && wire === WIRE.LEN) rec.traceId = hex(r.bytes());
    else if (field === 10 && wire === WIRE.LEN) rec.spanId = hex(r.bytes());
    else if (field === 12 && wire === WIRE.LEN) rec.eventName = r.string();
    else r.skip(wire);
  }
  return rec;
}
