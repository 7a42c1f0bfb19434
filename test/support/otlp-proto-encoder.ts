import type { OtlpAnyValue, OtlpKeyValue } from '../../lambdas/core/otlp/otlp-types';
import { ProtobufWriter } from '../../lambdas/core/wire/protobuf-writer';

// Encodes OTLP/JSON-shaped requests as protobuf (field numbers from opentelemetry-proto), so
// tests can check that the protobuf decoders give back exactly the JSON form.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function anyValue(w: ProtobufWriter, v: OtlpAnyValue): void {
  if (v.stringValue !== undefined) w.string(1, v.stringValue);
  else if (v.boolValue !== undefined) w.uint(2, v.boolValue ? 1 : 0);
  else if (v.intValue !== undefined) w.int64(3, Number(v.intValue));
  else if (v.doubleValue !== undefined) w.double(4, Number(v.doubleValue));
  else if (v.arrayValue) w.message(5, (a) => (v.arrayValue!.values ?? []).forEach((x) => a.message(1, (e) => anyValue(e, x))));
  else if (v.kvlistValue) w.message(6, (l) => (v.kvlistValue!.values ?? []).forEach((kv) => keyValue(l, 1, kv)));
  else if (v.bytesValue !== undefined) w.bytes(7, Buffer.from(v.bytesValue, 'base64'));
}

function keyValue(w: ProtobufWriter, field: number, kv: OtlpKeyValue): void {
  w.message(field, (m) => {
    m.string(1, kv.key);
    if (kv.value) m.message(2, (v) => anyValue(v, kv.value!));
  });
}

function resource(w: ProtobufWriter, r: Json | undefined): void {
  if (r) w.message(1, (m) => (r.attributes ?? []).forEach((kv: OtlpKeyValue) => keyValue(m, 1, kv)));
}

function scope(w: ProtobufWriter, s: Json | undefined): void {
  if (!s) return;
  w.message(1, (m) => {
    if (s.name) m.string(1, s.name);
    if (s.version) m.string(2, s.version);
    (s.attributes ?? []).forEach((kv: OtlpKeyValue) => keyValue(m, 3, kv));
  });
}

const id = (h: string) => Buffer.from(h, 'hex');

/** Encodes an OTLP/JSON ExportTraceServiceRequest as protobuf. */
export function encodeTracesProto(req: Json): Uint8Array {
  const w = new ProtobufWriter();
  for (const rs of req.resourceSpans ?? []) {
    w.message(1, (m) => {
      resource(m, rs.resource);
      for (const ss of rs.scopeSpans ?? []) {
        m.message(2, (sm) => {
          scope(sm, ss.scope);
          for (const sp of ss.spans ?? []) {
            sm.message(2, (s) => {
              s.bytes(1, id(sp.traceId)).bytes(2, id(sp.spanId));
              if (sp.parentSpanId) s.bytes(4, id(sp.parentSpanId));
              s.string(5, sp.name);
              if (sp.kind) s.uint(6, sp.kind);
              s.fixed64(7, BigInt(sp.startTimeUnixNano)).fixed64(8, BigInt(sp.endTimeUnixNano));
              (sp.attributes ?? []).forEach((kv: OtlpKeyValue) => keyValue(s, 9, kv));
              for (const ev of sp.events ?? []) {
                s.message(11, (e) => {
                  e.fixed64(1, BigInt(ev.timeUnixNano)).string(2, ev.name);
                  (ev.attributes ?? []).forEach((kv: OtlpKeyValue) => keyValue(e, 3, kv));
                });
              }
              if (sp.status) s.message(15, (st) => {
                if (sp.status.message) st.string(2, sp.status.message);
                if (sp.status.code) st.uint(3, sp.status.code);
              });
            });
          }
        });
      }
    });
  }
  return w.finish();
}

/** Encodes an OTLP/JSON ExportLogsServiceRequest as protobuf. */
export function encodeLogsProto(req: Json): Uint8Array {
  const w = new ProtobufWriter();
  for (const rl of req.resourceLogs ?? []) {
    w.message(1, (m) => {
      resource(m, rl.resource);
      for (const sl of rl.scopeLogs ?? []) {
        m.message(2, (sm) => {
          scope(sm, sl.scope);
          for (const lr of sl.logRecords ?? []) {
            sm.message(2, (r) => {
              if (lr.timeUnixNano) r.fixed64(1, BigInt(lr.timeUnixNano));
              if (lr.observedTimeUnixNano) r.fixed64(11, BigInt(lr.observedTimeUnixNano));
              if (lr.severityNumber) r.uint(2, lr.severityNumber);
              if (lr.severityText) r.string(3, lr.severityText);
              if (lr.body) r.message(5, (b) => anyValue(b, lr.body));
              (lr.attributes ?? []).forEach((kv: OtlpKeyValue) => keyValue(r, 6, kv));
              if (lr.traceId) r.bytes(9, id(lr.traceId));
              if (lr.spanId) r.bytes(10, id(lr.spanId));
            });
          }
        });
      }
    });
  }
  return w.finish();
}
