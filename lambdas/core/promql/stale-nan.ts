const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
u32[0] = 2;
u32[1] = 0x7ff00000;

/** Prometheus' staleness marker: the NaN with bit pattern 0x7ff0000000000002. */
export const STALE_NAN: number = f64[0];

/**
 * Whether a value carries the staleness bit pattern. JavaScript keeps NaN payloads in object
 * properties and typed-array stores, but plain arrays may canonicalise them: read the original value.
 */
export function isStaleNaN(v: number): boolean {
  if (v === v) return false;
  f64[0] = v;
  return u32[0] === 2 && u32[1] === 0x7ff00000;
}
