/** A malformed protobuf message: what was wrong and at which byte. */
export class ProtobufError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = 'ProtobufError';
  }
}

/** Protobuf wire types. */
export const WIRE = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A minimal, allocation-light reader of the protobuf wire format: enough for
 * remote_write, OTLP and Loki push messages. Every read is bounds-checked.
 */
export class ProtobufReader {
  pos: number;
  readonly end: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  /** Whether bytes remain. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** Reads a field tag: its number and wire type. */
  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Math.floor(t / 8);
    if (field === 0) throw new ProtobufError('field number 0', this.pos);
    return { field, wire: t % 8 };
  }

  /** Reads an unsigned varint as a number (exact up to 2^53). */
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtobufError('truncated varint', this.pos);
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    throw new ProtobufError('varint longer than 10 bytes', this.pos);
  }

  /** Reads an int64 varint (two's complement for negatives, which always take ten bytes). */
  int64(): number {
    const start = this.pos;
    const v = this.varint();
    if (this.pos - start < 10) return v;
    // Doubles cannot hold 2^64 - n exactly: redo negatives in bigint.
    let big = 0n;
    for (let i = this.pos - 1; i >= start; i--) big = (big << 7n) | BigInt(this.buf[i] & 0x7f);
    return Number(BigInt.asIntN(64, big));
  }

  /** Reads a zigzag-encoded sint64. */
  sint64(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  /** Reads a little-endian double. */
  double(): number {
    this.need(8);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  /** Reads a fixed64 as a number (exact up to 2^53: nanosecond timestamps lose sub-microsecond digits). */
  fixed64(): number {
    this.need(8);
    const dv = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return dv.getUint32(0, true) + dv.getUint32(4, true) * 2 ** 32;
  }

  /** Reads a fixed64 exactly, as a bigint. */
  fixed64Big(): bigint {
    this.need(8);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getBigUint64(0, true);
    this.pos += 8;
    return v;
  }

  /** Reads a fixed32. */
  fixed32(): number {
    this.need(4);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 4).getUint32(0, true);
    this.pos += 4;
    return v;
  }

  /** Reads a length-delimited field's bounds and skips past it. */
  bytesRange(): { start: number; end: number } {
    const len = this.varint();
    this.need(len);
    const start = this.pos;
    this.pos += len;
    return { start, end: start + len };
  }

  /** Reads length-delimited bytes (a view, not a copy). */
  bytes(): Uint8Array {
    const { start, end } = this.bytesRange();
    return this.buf.subarray(start, end);
  }

  /** Reads a UTF-8 string; invalid UTF-8 is an error, as protobuf requires. */
  string(): string {
    const { start, end } = this.bytesRange();
    try {
      return utf8.decode(this.buf.subarray(start, end));
    } catch {
      throw new ProtobufError('invalid UTF-8 in a string field', start);
    }
  }

  /** A reader over an embedded message. */
  message(): ProtobufReader {
    const { start, end } = this.bytesRange();
    return new ProtobufReader(this.buf, start, end);
  }

  /** Skips a field of the given wire type. */
  skip(wire: number): void {
    switch (wire) {
      case WIRE.VARINT:
        this.varint();
        return;
      case WIRE.I64:
        this.need(8);
        this.pos += 8;
        return;
      case WIRE.LEN:
        this.bytesRange();
        return;
      case WIRE.I32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new ProtobufError(`unsupported wire type ${wire}`, this.pos);
    }
  }

  /** Throws unless the field has the expected wire type. */
  expect(wire: number, expected: number, field: number): void {
    if (wire !== expected) throw new ProtobufError(`field ${field} has wire type ${wire}, expected ${expected}`, this.pos);
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.end) throw new ProtobufError(`truncated field: needs ${n} bytes`, this.pos);
  }
}
