const HALF = 2 ** 28;

/**
 * A consistent-probability sampling threshold over the W3C trace context randomness: the low
 * 56 bits of the trace id (its last 14 hex digits). A trace is sampled when its randomness
 * R ≥ T with T = (1 − p) · 2^56, as OpenTelemetry's consistent probability sampling defines it,
 * so the decision depends on the trace id alone: every span, shard and invocation agrees, and
 * a trace sampled at probability p is sampled at every higher probability too. R and T are
 * compared exactly as two 28-bit halves (56 bits do not fit a double's mantissa).
 */
export class ProbabilityThreshold {
  /** The probability in [0, 1]. */
  readonly probability: number;
  private readonly hi: number;
  private readonly lo: number;

  constructor(probability: number) {
    if (!(probability >= 0 && probability <= 1)) throw new RangeError(`sampling probability must be in [0, 1], got ${probability}`);
    this.probability = probability;
    const t = BigInt(Math.round((1 - probability) * 2 ** 56));
    this.hi = Number(t >> 28n);
    this.lo = Number(t & BigInt(HALF - 1));
  }

  /** Whether the trace with this id (32 lowercase or uppercase hex digits) is sampled. */
  sampled(traceId: string): boolean {
    if (this.probability === 1) return true;
    if (this.probability === 0) return false;
    const n = traceId.length;
    const hi = parseInt(traceId.slice(n - 14, n - 7), 16);
    const lo = parseInt(traceId.slice(n - 7), 16);
    // A malformed id reads as NaN: treat it as randomness 0 (sampled only at probability 1).
    if (Number.isNaN(hi) || Number.isNaN(lo)) return false;
    return hi > this.hi || (hi === this.hi && lo >= this.lo);
  }
}
