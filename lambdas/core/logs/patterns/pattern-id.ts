/**
 * A short stable id for a new pattern, derived from the template it was created with.
 * Two 32-bit FNV-1a hashes with different offsets give 64 bits, enough to keep collisions rare
 * among the patterns of one miner (the miner resolves the rare collision with `salt`).
 */
export function patternId(template: string, salt = 0): string {
  let a = 0x811c9dc5 ^ salt;
  let b = 0x01000193 ^ Math.imul(salt + 1, 0x9e3779b1);
  for (let i = 0; i < template.length; i++) {
    const c = template.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return `p${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}
