import { PlatformError } from '../domain/errors';
import type { RawLogEntry } from '../domain/raw-log-entry';
import { ProtobufReader, WIRE } from '../wire/protobuf-reader';
import { parseLabelString } from './label-string';

// Loki derives a service name from these stream labels, in this order.
const SERVICE_LABELS = ['service_name', 'service', 'app', 'application', 'job', 'container', 'component'];

/** Decodes a Loki push API JSON body (`{"streams":[{"stream":{...},"values":[["<ns>","line",{meta}]]}]}`). */
export function decodeLokiPushJson(body: unknown): RawLogEntry[] {
  if (!isObject(body) || !Array.isArray(body.streams)) throw invalid('the body must be an object with a "streams" array');
  const out: RawLogEntry[] = [];
  body.streams.forEach((stream: unknown, s: number) => {
    if (!isObject(stream) || !isObject(stream.stream) || !Array.isArray(stream.values)) {
      throw invalid(`streams[${s}] must have a "stream" object and a "values" array`);
    }
    const labels = stream.stream as Record<string, unknown>;
    for (const [k, v] of Object.entries(labels)) if (typeof v !== 'string') throw invalid(`streams[${s}].stream.${k} must be a string`);
    stream.values.forEach((value: unknown, v: number) => {
      if (!Array.isArray(value) || value.length < 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') {
        throw invalid(`streams[${s}].values[${v}] must be ["<unix nanoseconds>", "<line>"] with optional structured metadata`);
      }
      if (!/^\d{1,19}$/.test(value[0])) throw invalid(`streams[${s}].values[${v}][0] must be Unix nanoseconds as a string`);
      const meta = value[2];
      if (meta !== undefined && !isObject(meta)) throw invalid(`streams[${s}].values[${v}][2] must be an object of structured metadata`);
      out.push(entry(labels as Record<string, string>, nanosStringToMillis(value[0]), value[1], (meta ?? {}) as Record<string, string>));
    });
  });
  return out;
}

/** Decodes a (snappy-decompressed) Loki `logproto.PushRequest`; throws ProtobufError or invalid_argument. */
export function decodeLokiPushProto(body: Uint8Array): RawLogEntry[] {
  const out: RawLogEntry[] = [];
  const r = new ProtobufReader(body);
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field !== 1 || wire !== WIRE.LEN) {
      r.skip(wire);
      continue;
    }
    const s = r.message();
    let labels: Record<string, string> = {};
    const entries: { ts: number; line: string; meta: Record<string, string> }[] = [];
    while (s.more()) {
      const t = s.tag();
      if (t.field === 1 && t.wire === WIRE.LEN) labels = parseLabelString(s.string());
      else if (t.field === 2 && t.wire === WIRE.LEN) entries.push(readEntry(s.message()));
      else s.skip(t.wire);
    }
    for (const e of entries) out.push(entry(labels, e.ts, e.line, e.meta));
  }
  return out;
}

function readEntry(r: ProtobufReader): { ts: number; line: string; meta: Record<string, string> } {
  let ts = 0;
  let line = '';
  const meta: Record<string, string> = {};
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) {
      // google.protobuf.Timestamp: int64 seconds = 1, int32 nanos = 2.
      const t = r.message();
      let seconds = 0;
      let nanos = 0;
      while (t.more()) {
        const x = t.tag();
        if (x.field === 1 && x.wire === WIRE.VARINT) seconds = t.int64();
        else if (x.field === 2 && x.wire === WIRE.VARINT) nanos = t.int64();
        else t.skip(x.wire);
      }
      ts = seconds * 1000 + Math.floor(nanos / 1e6);
    } else if (field === 2 && wire === WIRE.LEN) line = r.string();
    else if (field === 3 && wire === WIRE.LEN) {
      const p = r.message();
      let name = '';
      let value = '';
      while (p.more()) {
        const x = p.tag();
        if (x.field === 1 && x.wire === WIRE.LEN) name = p.string();
        else if (x.field === 2 && x.wire === WIRE.LEN) value = p.string();
        else p.skip(x.wire);
      }
      meta[name] = value;
    } else r.skip(wire);
  }
  return { ts, line, meta };
}

function entry(labels: Record<string, string>, timestamp: number, line: string, meta: Record<string, string>): RawLogEntry {
  const service = SERVICE_LABELS.map((l) => labels[l]).find((v) => v !== undefined && v !== '');
  const traceId = meta.trace_id ?? meta.traceID ?? meta.traceId;
  const spanId = meta.span_id ?? meta.spanID ?? meta.spanId;
  return {
    timestamp,
    body: line,
    service,
    source: 'loki',
    severityText: labels.level ?? labels.detected_level ?? meta.level,
    attributes: { ...labels, ...meta },
    ...(traceId ? { traceId: traceId.toLowerCase() } : {}),
    ...(spanId ? { spanId: spanId.toLowerCase() } : {}),
  };
}

function nanosStringToMillis(ns: string): number {
  return ns.length > 6 ? Number(ns.slice(0, -6)) : 0;
}

function isObject(v: unknown): v is Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function invalid(message: string): PlatformError {
  return new PlatformError('invalid_argument', message);
}
