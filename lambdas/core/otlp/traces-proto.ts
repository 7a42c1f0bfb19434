import { ProtobufReader, WIRE } from '../wire/protobuf-reader';
import { readKeyValue, readNanos, readRepeated, readResource, readScope } from './common-proto';
import type { OtlpKeyValue, OtlpResource, OtlpScope } from './otlp-types';

/** One span in the OTLP/JSON shape (ids as lowercase hex, times as decimal nanosecond strings). */
export interface OtlpSpanJson {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  flags?: number;
  name: string;
  kind?: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes: OtlpKeyValue[];
  events: { timeUnixNano?: string; name: string; attributes: OtlpKeyValue[] }[];
  links: { traceId: string; spanId: string; traceState?: string; attributes: OtlpKeyValue[] }[];
  status?: { code?: number; message?: string };
}

/** `ExportTraceServiceRequest` in the OTLP/JSON shape. */
export interface OtlpTracesRequestJson {
  resourceSpans: { resource?: OtlpResource; scopeSpans: { scope?: OtlpScope; spans: OtlpSpanJson[]; schemaUrl?: string }[]; schemaUrl?: string }[];
}

/** Decodes a protobuf `ExportTraceServiceRequest` into the OTLP/JSON shape; throws ProtobufError when malformed. */
export function decodeOtlpTracesProto(body: Uint8Array): OtlpTracesRequestJson {
  return {
    resourceSpans: readRepeated(new ProtobufReader(body), 1, (rs) => {
      const out: OtlpTracesRequestJson['resourceSpans'][number] = { scopeSpans: [] };
      while (rs.more()) {
        const { field, wire } = rs.tag();
        if (field === 1 && wire === WIRE.LEN) out.resource = readResource(rs.message());
        else if (field === 2 && wire === WIRE.LEN) out.scopeSpans.push(readScopeSpans(rs.message()));
        else if (field === 3 && wire === WIRE.LEN) out.schemaUrl = rs.string();
        else rs.skip(wire);
      }
      return out;
    }),
  };
}

function readScopeSpans(r: ProtobufReader): OtlpTracesRequestJson['resourceSpans'][number]['scopeSpans'][number] {
  const out: ReturnType<typeof readScopeSpans> = { spans: [] };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) out.scope = readScope(r.message());
    else if (field === 2 && wire === WIRE.LEN) out.spans.push(readSpan(r.message()));
    else if (field === 3 && wire === WIRE.LEN) out.schemaUrl = r.string();
    else r.skip(wire);
  }
  return out;
}

function readSpan(r: ProtobufReader): OtlpSpanJson {
  const s: OtlpSpanJson = { traceId: '', spanId: '', name: '', attributes: [], events: [], links: [] };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) s.traceId = hex(r.bytes());
    else if (field === 2 && wire === WIRE.LEN) s.spanId = hex(r.bytes());
    else if (field === 3 && wire === WIRE.LEN) s.traceState = r.string();
    else if (field === 4 && wire === WIRE.LEN) s.parentSpanId = hex(r.bytes());
    else if (field === 16 && wire === WIRE.I32) s.flags = r.fixed32();
    else if (field === 5 && wire === WIRE.LEN) s.name = r.string();
    else if (field === 6 && wire === WIRE.VARINT) s.kind = r.varint();
    else if (field === 7 && wire === WIRE.I64) s.startTimeUnixNano = readNanos(r);
    else if (field === 8 && wire === WIRE.I64) s.endTimeUnixNano = readNanos(r);
    else if (field === 9 && wire === WIRE.LEN) s.attributes.push(readKeyValue(r.message()));
    else if (field === 11 && wire === WIRE.LEN) s.events.push(readEvent(r.message()));
    else if (field === 13 && wire === WIRE.LEN) s.links.push(readLink(r.message()));
    else if (field === 15 && wire === WIRE.LEN) s.status = readStatus(r.message());
    else r.skip(wire);
  }
  return s;
}

function readEvent(r: ProtobufReader): OtlpSpanJson['events'][number] {
  const e: OtlpSpanJson['events'][number] = { name: '', attributes: [] };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.I64) e.timeUnixNano = readNanos(r);
    else if (field === 2 && wire === WIRE.LEN) e.name = r.string();
    else if (field === 3 && wire === WIRE.LEN) e.attributes.push(readKeyValue(r.message()));
    else r.skip(wire);
  }
  return e;
}

function readLink(r: ProtobufReader): OtlpSpanJson['links'][number] {
  const l: OtlpSpanJson['links'][number] = { traceId: '', spanId: '', attributes: [] };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) l.traceId = hex(r.bytes());
    else if (field === 2 && wire === WIRE.LEN) l.spanId = hex(r.bytes());
    else if (field === 3 && wire === WIRE.LEN) l.traceState = r.string();
    else if (field === 4 && wire === WIRE.LEN) l.attributes.push(readKeyValue(r.message()));
    else r.skip(wire);
  }
  return l;
}

function readStatus(r: ProtobufReader): { code?: number; message?: string } {
  const st: { code?: number; message?: string } = {};
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 2 && wire === WIRE.LEN) st.message = r.string();
    else if (field === 3 && wire === WIRE.VARINT) st.code = r.varint();
    else r.skip(wire);
  }
  return st;
}

/** Bytes as lowercase hex (OTLP/JSON's id form). */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
