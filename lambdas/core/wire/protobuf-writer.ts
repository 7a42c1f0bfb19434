import { GrowableBytes } from './growable-bytes';

const utf8 = new TextEncoder();

/** A minimal protobuf wire-format writer (for remote_write bodies, tests and benchmarks). */
export class ProtobufWriter {
  private readonly out = new GrowableBytes(1024);

  /** Writes a tag. */
  tag(field: number, wire: number): this {
    this.out.varint(field * 8 + wire);
    return this;
  }

  /** Writes a varint field. */
  uint(field: number, value: number): this {
    this.tag(field, 0).out.varint(value);
    return this;
  }

  /** Writes an int64 field (negatives in two's complement, ten bytes). */
  int64(field: number, value: number): this {
    this.tag(field, 0);
    if (value >= 0) {
      this.out.varint(value);
      return this;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    for (let i = 0; i < 9; i++) {
      this.out.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.out.byte(Number(v));
    return this;
  }

  /** Writes a double field. */
  double(field: number, value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.tag(field, 1).out.append(b);
    return this;
  }

  /** Writes a fixed64 field from a number or bigint. */
  fixed64(field: number, value: number | bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(value), true);
    this.tag(field, 1).out.append(b);
    return this;
  }

  /** Writes a string field. */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** Writes a bytes field. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2).out.varint(value.length);
    this.out.append(value);
    return this;
  }

  /** Writes an embedded message built by `build`. */
  message(field: number, build: (w: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** The encoded bytes (a copy). */
  finish(): Uint8Array {
    return this.out.bytes().slice();
  }
}
