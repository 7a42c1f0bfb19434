import { HeadSampler } from '../../../../../lambdas/core/traces/sampling/head-sampler';
import { ProbabilityThreshold } from '../../../../../lambdas/core/traces/sampling/probability-threshold';
import { TailSampler } from '../../../../../lambdas/core/traces/sampling/tail-sampler';
import { span } from '../support/span-builder';

// A deterministic pseudo-random trace id (xorshift), so the test is repeatable.
let state = 0x9e3779b9;
function randomTraceId(): string {
  let s = '';
  for (let i = 0; i < 4; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    s += (state >>> 0).toString(16).padStart(8, '0');
  }
  return s;
}

describe('ProbabilityThreshold', () => {
  it('compares the low 56 bits exactly against (1 − p) · 2^56', () => {
    const half = new ProbabilityThreshold(0.5);
    // R = 2^55 exactly is the threshold at p = 0.5: sampled; one less is not.
    expect(half.sampled('ffffffffffffffffff80000000000000')).toBe(true);
    expect(half.sampled('ffffffffffffffffff7fffffffffffff')).toBe(false);
    // The high bits do not matter.
    expect(half.sampled('00000000000000000080000000000000')).toBe(true);
    expect(new ProbabilityThreshold(1).sampled('00000000000000000000000000000001')).toBe(true);
    expect(new ProbabilityThreshold(0).sampled('ffffffffffffffffffffffffffffffff')).toBe(false);
    expect(half.sampled('0000000000000000008FFFFFFFFFFFFF')).toBe(true);
    expect(() => new ProbabilityThreshold(1.5)).toThrow(RangeError);
  });

  it('samples the expected fraction and nests: kept at p implies kept at every p′ > p', () => {
    const ids = Array.from({ length: 20000 }, randomTraceId);
    const p10 = new ProbabilityThreshold(0.1);
    const p30 = new ProbabilityThreshold(0.3);
    const kept10 = ids.filter((id) => p10.sampled(id));
    const kept30 = ids.filter((id) => p30.sampled(id));
    expect(kept10.length / ids.length).toBeGreaterThan(0.09);
    expect(kept10.length / ids.length).toBeLessThan(0.11);
    expect(kept30.length / ids.length).toBeGreaterThan(0.28);
    expect(kept30.length / ids.length).toBeLessThan(0.32);
    expect(kept10.every((id) => p30.sampled(id))).toBe(true);
  });
});

describe('HeadSampler', () => {
  it('decides per service and identically for every span of a trace', () => {
    const sampler = new HeadSampler({ defaultProbability: 0.25, services: { checkout: 1, noisy: 0 } });
    const ids = Array.from({ length: 2000 }, randomTraceId);
    for (const id of ids.slice(0, 50)) {
      const spans = [1, 2, 3].map((n) => span({ id: String(n), service: 'api', start: 0, end: 1, traceId: id }));
      const kept = sampler.filter(spans);
      expect(kept.length === 0 || kept.length === 3).toBe(true);
      expect(new HeadSampler({ defaultProbability: 0.25 }).sampled(id, 'api')).toBe(kept.length === 3);
    }
    expect(ids.every((id) => sampler.sampled(id, 'checkout'))).toBe(true);
    expect(ids.some((id) => sampler.sampled(id, 'noisy'))).toBe(false);
    const rate = ids.filter((id) => sampler.sampled(id, 'api')).length / ids.length;
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.3);
  });
});

describe('TailSampler', () => {
  const traceA = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1';
  const s = (traceId: string, id: string, extra: Partial<Parameters<typeof span>[0]> = {}) => span({ id, service: 'api', start: 0, end: 1000, traceId, ...extra });

  it('waits, then keeps errors and slow traces, and drops the rest at probability 0', () => {
    const t = new TailSampler({ decisionWaitMs: 1000, latencyThresholdUs: 500_000, baseProbability: 0 });
    const err = 'e0000000000000000000000000000001';
    const slow = '50000000000000000000000000000001';
    const plain = 'c0000000000000000000000000000001';
    expect(t.accept([s(err, '1'), s(err, '2', { status: 'error' }), s(slow, '1', { end: 600_000 }), s(plain, '1')], 0)).toEqual({ kept: [], decisions: [] });
    expect(t.decide(999)).toEqual({ kept: [], decisions: [] });
    const r = t.decide(1000);
    expect(r.decisions).toEqual([
      { traceId: err, keep: true, reason: 'error', spanCount: 2 },
      { traceId: slow, keep: true, reason: 'latency', spanCount: 1 },
      { traceId: plain, keep: false, reason: 'not_sampled', spanCount: 1 },
    ]);
    expect(r.kept).toHaveLength(3);
    expect(t.buffered).toBe(0);
  });

  it('decides each trace from its own first-seen time', () => {
    const t = new TailSampler({ decisionWaitMs: 1000, baseProbability: 1 });
    t.accept([s(traceA, '1')], 0);
    t.accept([s('b0000000000000000000000000000001', '1'), s(traceA, '2')], 600);
    expect(t.decide(1000).decisions.map((d) => [d.traceId, d.spanCount])).toEqual([[traceA, 2]]);
    expect(t.decide(1600).decisions).toHaveLength(1);
  });

  it('lets late spans follow the recorded decision until it expires', () => {
    const t = new TailSampler({ decisionWaitMs: 10, baseProbability: 0, decisionTtlMs: 1000 });
    const kept = 'd0000000000000000000000000000001';
    t.accept([s(kept, '1', { status: 'error' }), s(traceA, '1')], 0);
    t.decide(10);
    const late = t.accept([s(kept, '2'), s(traceA, '2')], 500);
    expect(late.kept.map((x) => x.traceId)).toEqual([kept]);
    expect(t.lateDropped).toBe(1);
    t.decide(1010);
    // The decision expired: a very late span starts a new buffer.
    t.accept([s(traceA, '3')], 1020);
    expect(t.buffered).toBe(1);
  });

  it('applies the base probability deterministically on the trace id', () => {
    const ids = Array.from({ length: 1000 }, randomTraceId);
    const run = () => {
      const t = new TailSampler({ decisionWaitMs: 0, baseProbability: 0.3 });
      t.accept(ids.map((id) => s(id, '1')), 0);
      return t.decide(0).decisions.filter((d) => d.keep).map((d) => d.traceId);
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first).toEqual(ids.filter((id) => new ProbabilityThreshold(0.3).sampled(id)));
  });

  it('decides the oldest trace early when the buffer is full, and round-trips its state', () => {
    let t = new TailSampler({ decisionWaitMs: 1000, baseProbability: 1, maxTraces: 2 });
    t.accept([s('10000000000000000000000000000001', '1'), s('20000000000000000000000000000001', '1')], 0);
    const early = t.accept([s('30000000000000000000000000000001', '1')], 5);
    expect(early.decisions.map((d) => d.traceId)).toEqual(['10000000000000000000000000000001']);
    t = TailSampler.fromJSON(JSON.parse(JSON.stringify(t.toJSON())), { decisionWaitMs: 1000, baseProbability: 1, maxTraces: 2 });
    expect(t.buffered).toBe(2);
    expect(t.accept([s('10000000000000000000000000000001', '2')], 10).kept).toHaveLength(1);
    expect(t.decide(1005).decisions).toHaveLength(2);
  });
});

describe('TailSampler span budget', () => {
  it('decides the oldest traces early when too many spans are buffered', () => {
    const t = new TailSampler({ decisionWaitMs: 1000, baseProbability: 1, maxSpans: 3 });
    const id = (n: number) => `${n}`.padStart(32, '0');
    const mk = (trace: number, n: number) => span({ id: String(n), service: 'api', start: 0, end: 1, traceId: id(trace) });
    expect(t.accept([mk(1, 1), mk(1, 2), mk(2, 1)], 0).decisions).toEqual([]);
    const r = t.accept([mk(2, 2)], 1);
    expect(r.decisions.map((d) => [d.traceId, d.spanCount])).toEqual([[id(1), 2]]);
    expect(r.kept).toHaveLength(2);
    expect(t.buffered).toBe(1);
    // A single trace larger than the budget is kept buffered until its time comes.
    t.accept([mk(2, 3), mk(2, 4)], 2);
    expect(t.buffered).toBe(1);
    expect(t.decide(1000).decisions.map((d) => d.spanCount)).toEqual([4]);
  });
});
