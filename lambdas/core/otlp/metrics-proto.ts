import { ProtobufReader, WIRE } from '../wire/protobuf-reader';
import { readKeyValue, readNanos, readPackedDoubles, readPackedInts, readRepeated, readResource, readScope } from './common-proto';
import type {
  OtlpExponentialBuckets,
  OtlpExponentialHistogramDataPoint,
  OtlpHistogramDataPoint,
  OtlpKeyValue,
  OtlpMetric,
  OtlpMetricsRequest,
  OtlpNumberDataPoint,
  OtlpSummaryDataPoint,
} from './otlp-types';

/** Decodes a protobuf `ExportMetricsServiceRequest` into the OTLP/JSON shape; throws ProtobufError when malformed. */
export function decodeOtlpMetricsProto(body: Uint8Array): OtlpMetricsRequest {
  return {
    resourceMetrics: readRepeated(new ProtobufReader(body), 1, (rm) => {
      const out: NonNullable<OtlpMetricsRequest['resourceMetrics']>[number] = { scopeMetrics: [] };
      while (rm.more()) {
        const { field, wire } = rm.tag();
        if (field === 1 && wire === WIRE.LEN) out.resource = readResource(rm.message());
        else if (field === 2 && wire === WIRE.LEN) out.scopeMetrics!.push(readScopeMetrics(rm.message()));
        else if (field === 3 && wire === WIRE.LEN) out.schemaUrl = rm.string();
        else rm.skip(wire);
      }
      return out;
    }),
  };
}

function readScopeMetrics(r: ProtobufReader): NonNullable<NonNullable<OtlpMetricsRequest['resourceMetrics']>[number]['scopeMetrics']>[number] {
  const out: ReturnType<typeof readScopeMetrics> = { metrics: [] };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) out.scope = readScope(r.message());
    else if (field === 2 && wire === WIRE.LEN) out.metrics!.push(readMetric(r.message()));
    else if (field === 3 && wire === WIRE.LEN) out.schemaUrl = r.string();
    else r.skip(wire);
  }
  return out;
}

function readMetric(r: ProtobufReader): OtlpMetric {
  const m: OtlpMetric = { name: '' };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (wire !== WIRE.LEN) {
      r.skip(wire);
      continue;
    }
    switch (field) {
      case 1:
        m.name = r.string();
        break;
      case 2:
        m.description = r.string();
        break;
      case 3:
        m.unit = r.string();
        break;
      case 5:
        m.gauge = { dataPoints: readRepeated(r.message(), 1, readNumberPoint) };
        break;
      case 7:
        m.sum = readAggregate(r.message(), readNumberPoint);
        break;
      case 9:
        m.histogram = readAggregate(r.message(), readHistogramPoint);
        break;
      case 10:
        m.exponentialHistogram = readAggregate(r.message(), readExponentialPoint);
        break;
      case 11:
        m.summary = { dataPoints: readRepeated(r.message(), 1, readSummaryPoint) };
        break;
      default:
        r.skip(wire);
    }
  }
  return m;
}

function readAggregate<P>(r: ProtobufReader, readPoint: (m: ProtobufReader) => P): { dataPoints: P[]; aggregationTemporality: number; isMonotonic: boolean } {
  const out = { dataPoints: [] as P[], aggregationTemporality: 0, isMonotonic: false };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) out.dataPoints.push(readPoint(r.message()));
    else if (field === 2 && wire === WIRE.VARINT) out.aggregationTemporality = r.varint();
    else if (field === 3 && wire === WIRE.VARINT) out.isMonotonic = r.varint() !== 0;
    else r.skip(wire);
  }
  return out;
}

function readNumberPoint(r: ProtobufReader): OtlpNumberDataPoint {
  const p: OtlpNumberDataPoint = { attributes: [] };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 7 && wire === WIRE.LEN) p.attributes!.push(readKeyValue(r.message()));
    else if (field === 2 && wire === WIRE.I64) p.startTimeUnixNano = readNanos(r);
    else if (field === 3 && wire === WIRE.I64) p.timeUnixNano = readNanos(r);
    else if (field === 4 && wire === WIRE.I64) p.asDouble = r.double();
    else if (field === 6 && wire === WIRE.I64) p.asInt = Number(BigInt.asIntN(64, r.fixed64Big()));
    else if (field === 8 && wire === WIRE.VARINT) p.flags = r.varint();
    else r.skip(wire);
  }
  return p;
}

function readHistogramPoint(r: ProtobufReader): OtlpHistogramDataPoint {
  const counts: number[] = [];
  const bounds: number[] = [];
  const p: OtlpHistogramDataPoint = { attributes: [], bucketCounts: counts, explicitBounds: bounds };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 9 && wire === WIRE.LEN) p.attributes!.push(readKeyValue(r.message()));
    else if (field === 2 && wire === WIRE.I64) p.startTimeUnixNano = readNanos(r);
    else if (field === 3 && wire === WIRE.I64) p.timeUnixNano = readNanos(r);
    else if (field === 4 && wire === WIRE.I64) p.count = r.fixed64();
    else if (field === 5 && wire === WIRE.I64) p.sum = r.double();
    else if (field === 6) readPackedInts(r, wire, true, counts);
    else if (field === 7) readPackedDoubles(r, wire, bounds);
    else if (field === 10 && wire === WIRE.VARINT) p.flags = r.varint();
    else if (field === 11 && wire === WIRE.I64) p.min = r.double();
    else if (field === 12 && wire === WIRE.I64) p.max = r.double();
    else r.skip(wire);
  }
  return p;
}

function readExponentialPoint(r: ProtobufReader): OtlpExponentialHistogramDataPoint {
  const p: OtlpExponentialHistogramDataPoint = { attributes: [] as OtlpKeyValue[] };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) p.attributes!.push(readKeyValue(r.message()));
    else if (field === 2 && wire === WIRE.I64) p.startTimeUnixNano = readNanos(r);
    else if (field === 3 && wire === WIRE.I64) p.timeUnixNano = readNanos(r);
    else if (field === 4 && wire === WIRE.I64) p.count = r.fixed64();
    else if (field === 5 && wire === WIRE.I64) p.sum = r.double();
    else if (field === 6 && wire === WIRE.VARINT) p.scale = zigzag32(r.varint());
    else if (field === 7 && wire === WIRE.I64) p.zeroCount = r.fixed64();
    else if (field === 8 && wire === WIRE.LEN) p.positive = readBuckets(r.message());
    else if (field === 9 && wire === WIRE.LEN) p.negative = readBuckets(r.message());
    else if (field === 10 && wire === WIRE.VARINT) p.flags = r.varint();
    else if (field === 14 && wire === WIRE.I64) p.zeroThreshold = r.double();
    else r.skip(wire);
  }
  return p;
}

function readBuckets(r: ProtobufReader): OtlpExponentialBuckets {
  const counts: number[] = [];
  const b: OtlpExponentialBuckets = { offset: 0, bucketCounts: counts };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.VARINT) b.offset = zigzag32(r.varint());
    else if (field === 2) readPackedInts(r, wire, false, counts);
    else r.skip(wire);
  }
  return b;
}

function readSummaryPoint(r: ProtobufReader): OtlpSummaryDataPoint {
  const p: OtlpSummaryDataPoint = { attributes: [], quantileValues: [] };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 7 && wire === WIRE.LEN) p.attributes!.push(readKeyValue(r.message()));
    else if (field === 2 && wire === WIRE.I64) p.startTimeUnixNano = readNanos(r);
    else if (field === 3 && wire === WIRE.I64) p.timeUnixNano = readNanos(r);
    else if (field === 4 && wire === WIRE.I64) p.count = r.fixed64();
    else if (field === 5 && wire === WIRE.I64) p.sum = r.double();
    else if (field === 6 && wire === WIRE.LEN) p.quantileValues!.push(readQuantile(r.message()));
    else if (field === 8 && wire === WIRE.VARINT) p.flags = r.varint();
    else r.skip(wire);
  }
  return p;
}

function readQuantile(r: ProtobufReader): { quantile: number; value: number } {
  const q = { quantile: 0, value: 0 };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.I64) q.quantile = r.double();
    else if (field === 2 && wire === WIRE.I64) q.value = r.double();
    else r.skip(wire);
  }
  return q;
}

function zigzag32(v: number): number {
  return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
}
