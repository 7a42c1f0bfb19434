import { GrowableBytes } from './growable-bytes';

/**
 * Snappy block format (the raw format, no framing), as Prometheus remote_write and the
 * Loki push API use it. Decompression validates every length and offset, so a truncated
 * or corrupt body raises a {@link SnappyError} instead of producing garbage.
 */
export class SnappyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnappyError';
  }
}

/** Reads the uncompressed length from the preamble without decompressing. */
export function snappyUncompressedLength(input: Uint8Array): number {
  return readPreamble(input).length;
}

/**
 * Decompresses a snappy block. `maxLength` bounds the declared output size before any
 * allocation, so a small body cannot claim gigabytes (a decompression bomb).
 */
export function snappyDecompress(input: Uint8Array, maxLength = 64 * 1024 * 1024): Uint8Array {
  const { length, pos: start } = readPreamble(input);
  if (length > maxLength) throw new SnappyError(`declared length ${length} exceeds the limit of ${maxLength} bytes`);
  const out = new Uint8Array(length);
  let pos = start;
  let op = 0;
  while (pos < input.length) {
    const tag = input[pos++];
    const type = tag & 3;
    if (type === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const bytes = len - 59;
        if (pos + bytes > input.length) throw new SnappyError('truncated literal length');
        len = 0;
        for (let i = 0; i < bytes; i++) len |= input[pos + i] << (8 * i);
        len >>>= 0;
        pos += bytes;
      }
      len += 1;
      if (pos + len > input.length) throw new SnappyError('truncated literal');
      if (op + len > length) throw new SnappyError('literal overruns the declared length');
      out.set(input.subarray(pos, pos + len), op);
      pos += len;
      op += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (type === 1) {
      if (pos + 1 > input.length) throw new SnappyError('truncated copy');
      len = 4 + ((tag >>> 2) & 7);
      offset = ((tag >>> 5) << 8) | input[pos++];
    } else if (type === 2) {
      if (pos + 2 > input.length) throw new SnappyError('truncated copy');
      len = 1 + (tag >>> 2);
      offset = input[pos] | (input[pos + 1] << 8);
      pos += 2;
    } else {
      if (pos + 4 > input.length) throw new SnappyError('truncated copy');
      len = 1 + (tag >>> 2);
      offset = (input[pos] | (input[pos + 1] << 8) | (input[pos + 2] << 16) | (input[pos + 3] << 24)) >>> 0;
      pos += 4;
    }
    if (offset === 0 || offset > op) throw new SnappyError(`copy offset ${offset} outside the output`);
    if (op + len > length) throw new SnappyError('copy overruns the declared length');
    // Copies may overlap their own output (run-length style), so go byte by byte then.
    if (offset >= len) {
      out.copyWithin(op, op - offset, op - offset + len);
      op += len;
    } else {
      for (let i = 0; i < len; i++, op++) out[op] = out[op - offset];
    }
  }
  if (op !== length) throw new SnappyError(`decompressed ${op} bytes, the preamble declared ${length}`);
  return out;
}

/** Compresses into a snappy block (greedy hash matching; output any snappy decoder reads). */
export function snappyCompress(input: Uint8Array): Uint8Array {
  const out = new GrowableBytes(input.length + Math.ceil(input.length / 6) + 16);
  out.varint(input.length);
  const table = new Int32Array(1 << 14).fill(-1);
  let literalStart = 0;
  let pos = 0;
  while (pos + 4 <= input.length) {
    const h = hash4(input, pos);
    const candidate = table[h];
    table[h] = pos;
    if (candidate >= 0 && pos - candidate <= 0xffff && equal4(input, candidate, pos)) {
      emitLiteral(out, input, literalStart, pos);
      let len = 4;
      while (pos + len < input.length && input[candidate + len] === input[pos + len]) len++;
      emitCopy(out, pos - candidate, len);
      pos += len;
      literalStart = pos;
    } else {
      pos++;
    }
  }
  emitLiteral(out, input, literalStart, input.length);
  return out.bytes();
}

function readPreamble(input: Uint8Array): { length: number; pos: number } {
  let length = 0;
  let shift = 0;
  let pos = 0;
  for (;;) {
    if (pos >= input.length) throw new SnappyError('truncated length preamble');
    const b = input[pos++];
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
    shift += 7;
    if (shift > 35) throw new SnappyError('length preamble too long');
  }
  return { length, pos };
}

function hash4(b: Uint8Array, i: number): number {
  const v = (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
  return Math.imul(v, 0x1e35a7bd) >>> 18;
}

function equal4(b: Uint8Array, i: number, j: number): boolean {
  return b[i] === b[j] && b[i + 1] === b[j + 1] && b[i + 2] === b[j + 2] && b[i + 3] === b[j + 3];
}

function emitLiteral(out: GrowableBytes, input: Uint8Array, start: number, end: number): void {
  let remaining = end - start;
  let pos = start;
  while (remaining > 0) {
    const len = Math.min(remaining, 65536);
    const n = len - 1;
    if (n < 60) out.byte(n << 2);
    else if (n < 256) out.byte(60 << 2).byte(n);
    else out.byte(61 << 2).byte(n & 0xff).byte(n >>> 8);
    out.append(input.subarray(pos, pos + len));
    pos += len;
    remaining -= len;
  }
}

function emitCopy(out: GrowableBytes, offset: number, len: number): void {
  while (len > 0) {
    const n = Math.min(len, 64);
    out.byte(((n - 1) << 2) | 2).byte(offset & 0xff).byte(offset >>> 8);
    len -= n;
  }
}
