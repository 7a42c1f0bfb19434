import type { Labels } from '../domain/series';

/**
 * A 64-bit FNV-1a hash of a string as 16 hex digits. Pure and stable across runs and
 * machines, so keys derived from it survive a restart (no node:crypto in core).
 */
export function fingerprint(text: string): string {
  // Two 32-bit FNV-1a lanes with different offsets stand in for one 64-bit hash without BigInt cost.
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 13);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The fingerprint of a label set (order of keys does not matter). */
export function labelsFingerprint(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  let s = '';
  for (const k of keys) s += `${k}\u0000${labels[k]}\u0001`;
  return fingerprint(s);
}
