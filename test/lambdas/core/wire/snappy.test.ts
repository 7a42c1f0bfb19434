import { SnappyError, snappyCompress, snappyDecompress, snappyUncompressedLength } from '../../../../lambdas/core/wire/snappy';

function pseudoRandom(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('snappy', () => {
  it('decodes a hand-assembled block with a literal and an overlapping copy', () => {
    // preamble 10; literal "ab" (tag (2-1)<<2 = 0x04); copy len 8 offset 2 with 1-byte offset:
    // tag = ((8-4) << 2) | 1 = 0x11, offset byte 2.
    const block = Uint8Array.from([10, 0x04, 0x61, 0x62, 0x11, 0x02]);
    expect(Buffer.from(snappyDecompress(block)).toString()).toBe('ababababab');
    expect(snappyUncompressedLength(block)).toBe(10);
  });

  it('round-trips text, random bytes, runs and the empty input', () => {
    const text = new TextEncoder().encode('http_requests_total{job="api",instance="a:9090"} '.repeat(500));
    const cases = [text, pseudoRandom(100_000), new Uint8Array(70_000).fill(9), new Uint8Array(0), Uint8Array.from([1, 2, 3])];
    for (const input of cases) {
      const compressed = snappyCompress(input);
      expect(Buffer.from(snappyDecompress(compressed)).equals(Buffer.from(input))).toBe(true);
    }
    expect(snappyCompress(text).length).toBeLessThan(text.length / 10);
  });

  it('rejects truncated, corrupt and oversized blocks with a SnappyError', () => {
    const good = snappyCompress(new TextEncoder().encode('some repeated text, some repeated text, some repeated text'));
    expect(() => snappyDecompress(good.subarray(0, good.length - 3))).toThrow(SnappyError);
    expect(() => snappyDecompress(Uint8Array.from([5, 0x11, 0x09]))).toThrow(/offset/);
    expect(() => snappyDecompress(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f]), 1024)).toThrow(/exceeds the limit/);
    expect(() => snappyDecompress(new Uint8Array(0))).toThrow(/preamble/);
  });
});
