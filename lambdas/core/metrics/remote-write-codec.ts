import type { Sample, Series } from '../domain/series';
import { ProtobufReader, WIRE } from '../wire/protobuf-reader';
import { ProtobufWriter } from '../wire/protobuf-writer';

/** Metric metadata as remote_write 1.0 sends it (`MetricMetadata`). */
export interface RemoteWriteMetadata {
  readonly type: string;
  readonly metricFamilyName: string;
  readonly help: string;
  readonly unit: string;
}

/** A decoded remote_write 1.0 `WriteRequest`. Labels keep their wire order; duplicates are kept for validation to see. */
export interface RemoteWriteRequest {
  readonly series: readonly DecodedSeries[];
  readonly metadata: readonly RemoteWriteMetadata[];
  /** Native histograms and exemplars are not stored yet: how many were received, so the caller can say so. */
  readonly histogramCount: number;
  readonly exemplarCount: number;
}

/** One decoded time series with its labels as pairs (to detect duplicates and order). */
export interface DecodedSeries {
  readonly labelPairs: readonly (readonly [string, string])[];
  readonly samples: readonly Sample[];
}

// prometheus.MetricMetadata.MetricType enum values, by number.
const METRIC_TYPES = ['unknown', 'counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset'];

/** Decodes a (decompressed) remote_write 1.0 WriteRequest; throws ProtobufError on malformed input. */
export function decodeRemoteWrite(body: Uint8Array): RemoteWriteRequest {
  const r = new ProtobufReader(body);
  const series: DecodedSeries[] = [];
  const metadata: RemoteWriteMetadata[] = [];
  let histogramCount = 0;
  let exemplarCount = 0;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE.LEN, field);
      const ts = decodeTimeSeries(r.message());
      histogramCount += ts.histograms;
      exemplarCount += ts.exemplars;
      series.push(ts.series);
    } else if (field === 3) {
      r.expect(wire, WIRE.LEN, field);
      metadata.push(decodeMetadata(r.message()));
    } else {
      r.skip(wire);
    }
  }
  return { series, metadata, histogramCount, exemplarCount };
}

// The fast paths below read doubles through this pair; they need a little-endian platform (all Lambda and Node targets are).
const F64 = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A Sample message laid out as Prometheus writes it (field 1 double, then field 2 varint, nothing
 * else), read without a sub-reader; undefined for any other layout, which the generic path reads.
 */
function fastSample(buf: Uint8Array, start: number, end: number): Sample | undefined {
  if (!LITTLE_ENDIAN || end - start < 11 || buf[start] !== 0x09 || buf[start + 9] !== 0x10) return undefined;
  for (let i = 0; i < 8; i++) F64_BYTES[i] = buf[start + 1 + i];
  let timestamp = 0;
  let mul = 1;
  let pos = start + 10;
  for (let i = 0; i < 8 && pos < end; i++) {
    const b = buf[pos++];
    timestamp += (b & 0x7f) * mul;
    if (b < 0x80) return pos === end ? { timestamp, value: F64[0] } : undefined;
    mul *= 128;
  }
  return undefined;
}

/** A short ASCII string without a decoder call; undefined when it is not short ASCII. */
function asciiString(buf: Uint8Array, start: number, end: number): string | undefined {
  if (end - start > 128) return undefined;
  let out = '';
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b >= 0x80) return undefined;
    out += String.fromCharCode(b);
  }
  return out;
}

/** A Label message laid out as name (field 1) then value (field 2), both short ASCII; undefined otherwise. */
function fastLabel(buf: Uint8Array, start: number, end: number): [string, string] | undefined {
  if (buf[start] !== 0x0a) return undefined;
  const nameLen = buf[start + 1];
  if (nameLen >= 0x80) return undefined;
  const nameEnd = start + 2 + nameLen;
  if (nameEnd + 2 > end || buf[nameEnd] !== 0x12) return undefined;
  const valueLen = buf[nameEnd + 1];
  if (valueLen >= 0x80 || nameEnd + 2 + valueLen !== end) return undefined;
  const name = asciiString(buf, start + 2, nameEnd);
  const value = name === undefined ? undefined : asciiString(buf, nameEnd + 2, end);
  return value === undefined ? undefined : [name as string, value];
}

function decodeTimeSeries(r: ProtobufReader): { series: DecodedSeries; histograms: number; exemplars: number } {
  const labelPairs: [string, string][] = [];
  const samples: Sample[] = [];
  let histograms = 0;
  let exemplars = 0;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE.LEN, field);
      const m = r.message();
      labelPairs.push(fastLabel(m.buf, m.pos, m.end) ?? decodeLabel(m));
    } else if (field === 2) {
      r.expect(wire, WIRE.LEN, field);
      const m = r.message();
      samples.push(fastSample(m.buf, m.pos, m.end) ?? decodeSample(m));
    } else {
      if (field === 3) exemplars++;
      if (field === 4) histograms++;
      r.skip(wire);
    }
  }
  return { series: { labelPairs, samples }, histograms, exemplars };
}

function decodeLabel(r: ProtobufReader): [string, string] {
  let name = '';
  let value = '';
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) name = r.string();
    else if (field === 2 && wire === WIRE.LEN) value = r.string();
    else r.skip(wire);
  }
  return [name, value];
}

function decodeSample(r: ProtobufReader): Sample {
  let value = 0;
  let timestamp = 0;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.I64) value = r.double();
    else if (field === 2 && wire === WIRE.VARINT) timestamp = r.int64();
    else r.skip(wire);
  }
  return { timestamp, value };
}

function decodeMetadata(r: ProtobufReader): RemoteWriteMetadata {
  let type = 'unknown';
  let metricFamilyName = '';
  let help = '';
  let unit = '';
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.VARINT) type = METRIC_TYPES[r.varint()] ?? 'unknown';
    else if (field === 2 && wire === WIRE.LEN) metricFamilyName = r.string();
    else if (field === 4 && wire === WIRE.LEN) help = r.string();
    else if (field === 5 && wire === WIRE.LEN) unit = r.string();
    else r.skip(wire);
  }
  return { type, metricFamilyName, help, unit };
}

/** Encodes series (and optional metadata) as a remote_write 1.0 WriteRequest, labels sorted by name. */
export function encodeRemoteWrite(series: readonly Series[], metadata: readonly RemoteWriteMetadata[] = []): Uint8Array {
  const w = new ProtobufWriter();
  for (const s of series) {
    w.message(1, (ts) => {
      for (const name of Object.keys(s.labels).sort()) {
        ts.message(1, (l) => l.string(1, name).string(2, s.labels[name]));
      }
      for (const sample of s.samples) {
        ts.message(2, (m) => m.double(1, sample.value).int64(2, sample.timestamp));
      }
    });
  }
  for (const m of metadata) {
    w.message(3, (md) =>
      md
        .uint(1, Math.max(0, METRIC_TYPES.indexOf(m.type)))
        .string(2, m.metricFamilyName)
        .string(4, m.help)
        .string(5, m.unit),
    );
  }
  return w.finish();
}
