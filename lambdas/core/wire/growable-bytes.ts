/** A byte buffer that grows by doubling. */
export class GrowableBytes {
  private buf: Uint8Array;
  private len = 0;
  constructor(capacity = 256) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }
  /** Appends one byte. */
  byte(b: number): this {
    this.ensure(1);
    this.buf[this.len++] = b;
    return this;
  }
  /** Appends bytes. */
  append(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }
  /** Appends an unsigned varint (values up to 2^53). */
  varint(value: number): this {
    let v = value;
    while (v >= 0x80) {
      this.byte((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    return this.byte(v);
  }
  /** Number of bytes written. */
  get length(): number {
    return this.len;
  }
  /** The written bytes (a view, valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
