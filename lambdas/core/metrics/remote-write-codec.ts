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

function decodeTimeSeries(r: ProtobufReader): { series: DecodedSeries; histograms: number; exemplars: number } {
  const labelPairs: [string, string][] = [];
  const samples: Sample[] = [];
  let histograms = 0;
  let exemplars = 0;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE.LEN, field);
      labelPairs.push(decodeLabel(r.message()));
    } else if (field === 2) {
      r.expect(wire, WIRE.LEN, field);
      samples.push(decodeSample(r.message()));
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
