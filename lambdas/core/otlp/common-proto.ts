import { ProtobufReader, WIRE } from '../wire/protobuf-reader';
import type { OtlpAnyValue, OtlpKeyValue, OtlpResource, OtlpScope } from './otlp-types';

/** Reads `opentelemetry.proto.common.v1.AnyValue`. */
export function readAnyValue(r: ProtobufReader): OtlpAnyValue {
  const v: OtlpAnyValue = {};
  while (r.more()) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        v.stringValue = r.string();
        break;
      case 2:
        v.boolValue = r.varint() !== 0;
        break;
      case 3:
        v.intValue = r.int64();
        break;
      case 4:
        r.expect(wire, WIRE.I64, field);
        v.doubleValue = r.double();
        break;
      case 5:
        v.arrayValue = { values: readRepeated(r.message(), 1, readAnyValue) };
        break;
      case 6:
        v.kvlistValue = { values: readRepeated(r.message(), 1, readKeyValue) };
        break;
      case 7:
        v.bytesValue = Buffer.from(r.bytes()).toString('base64');
        break;
      default:
        r.skip(wire);
    }
  }
  return v;
}

/** Reads `KeyValue`. */
export function readKeyValue(r: ProtobufReader): OtlpKeyValue {
  let key = '';
  let value: OtlpAnyValue | undefined;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) key = r.string();
    else if (field === 2 && wire === WIRE.LEN) value = readAnyValue(r.message());
    else r.skip(wire);
  }
  return { key, value };
}

/** Reads `Resource`. */
export function readResource(r: ProtobufReader): OtlpResource {
  const attributes: OtlpKeyValue[] = [];
  let droppedAttributesCount = 0;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) attributes.push(readKeyValue(r.message()));
    else if (field === 2 && wire === WIRE.VARINT) droppedAttributesCount = r.varint();
    else r.skip(wire);
  }
  return { attributes, droppedAttributesCount };
}

/** Reads `InstrumentationScope`. */
export function readScope(r: ProtobufReader): OtlpScope {
  const scope: OtlpScope = { attributes: [] };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WIRE.LEN) scope.name = r.string();
    else if (field === 2 && wire === WIRE.LEN) scope.version = r.string();
    else if (field === 3 && wire === WIRE.LEN) scope.attributes!.push(readKeyValue(r.message()));
    else r.skip(wire);
  }
  return scope;
}

/** Reads every occurrence of one repeated message field, skipping the others. */
export function readRepeated<T>(r: ProtobufReader, fieldNumber: number, read: (m: ProtobufReader) => T): T[] {
  const out: T[] = [];
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === fieldNumber && wire === WIRE.LEN) out.push(read(r.message()));
    else r.skip(wire);
  }
  return out;
}

/** Reads a repeated fixed64 or uint64 field, packed or not, into `out` as numbers. */
export function readPackedInts(r: ProtobufReader, wire: number, fixed: boolean, out: number[]): void {
  if (wire !== WIRE.LEN) {
    out.push(fixed ? r.fixed64() : r.varint());
    return;
  }
  const inner = r.message();
  while (inner.more()) out.push(fixed ? inner.fixed64() : inner.varint());
}

/** Reads a repeated double field, packed or not. */
export function readPackedDoubles(r: ProtobufReader, wire: number, out: number[]): void {
  if (wire !== WIRE.LEN) {
    out.push(r.double());
    return;
  }
  const inner = r.message();
  while (inner.more()) out.push(inner.double());
}

/** A fixed64 nanosecond timestamp as an exact decimal string (OTLP/JSON's form). */
export function readNanos(r: ProtobufReader): string {
  return r.fixed64Big().toString();
}
