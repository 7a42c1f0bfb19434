import { xxhash64 } from '../../../../lambdas/core/promql/xxhash64';

describe('xxhash64', () => {
  const enc = new TextEncoder();
  it.each([
    ['', 'ef46db3751d8e999'],
    ['a', 'd24ec4f1a98c6e5b'],
    ['abc', '44bc2cf5ad770999'],
    // 39 bytes: exercises the 32-byte stripe loop and every tail branch.
    ['Nobody inspects the spammish repetition', 'fbcea83c8a378bf1'],
  ])('hashes %j to the reference value', (input, hex) => {
    expect(xxhash64(enc.encode(input)).toString(16).padStart(16, '0')).toBe(hex);
  });
});
