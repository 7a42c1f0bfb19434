/** Outcome of reading an id: lowercase hex, or why it is not acceptable. */
export type IdResult = { readonly ok: true; readonly hex: string } | { readonly ok: false; readonly reason: string };

const HEX_RE = /^[0-9a-fA-F]+$/;
const ZERO_RE = /^0+$/;
const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads a trace or span id of `bytes` bytes into lowercase hex. Accepts hex text in either case
 * (OTLP/JSON, Zipkin), a `Uint8Array` (an already-decoded protobuf message), and, leniently,
 * standard base64 of exactly `bytes` bytes (some older OTLP/JSON exporters wrote that);
 * the two text forms never collide because their lengths differ. All-zero ids are invalid,
 * as the W3C trace context says.
 */
export function readId(value: unknown, bytes: number): IdResult {
  let hex: string;
  if (typeof value === 'string') {
    if (value.length === bytes * 2 && HEX_RE.test(value)) {
      hex = value.toLowerCase();
    } else if (value.length === Math.ceil(bytes / 3) * 4 && BASE64_RE.test(value)) {
      const decoded = Buffer.from(value, 'base64');
      if (decoded.length !== bytes) return { ok: false, reason: `base64 id decodes to ${decoded.length} bytes, want ${bytes}` };
      hex = decoded.toString('hex');
    } else if (value.length !== bytes * 2) {
      return { ok: false, reason: `id has ${value.length} characters, want ${bytes * 2} hex digits` };
    } else {
      return { ok: false, reason: 'id is not hex' };
    }
  } else if (value instanceof Uint8Array) {
    if (value.length !== bytes) return { ok: false, reason: `id has ${value.length} bytes, want ${bytes}` };
    hex = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  } else if (value === undefined || value === null) {
    return { ok: false, reason: 'id is missing' };
  } else {
    return { ok: false, reason: `id is a ${typeof value}, want a hex string` };
  }
  if (ZERO_RE.test(hex)) return { ok: false, reason: 'id is all zeros' };
  return { ok: true, hex };
}

/** Whether a parent id field means "no parent": absent, empty text or empty bytes. */
export function isEmptyId(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (value instanceof Uint8Array && value.length === 0);
}

/** Raw text of an id for problem reports (hex of bytes, the string itself, or ''). */
export function rawId(value: unknown): string {
  if (typeof value === 'string') return value.length > 64 ? `${value.slice(0, 64)}…` : value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  return '';
}
