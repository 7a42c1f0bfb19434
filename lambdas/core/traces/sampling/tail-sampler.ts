import type { Span } from '../../domain/span';
import { ProbabilityThreshold } from './probability-threshold';

/** Options of a {@link TailSampler}. */
export interface TailSamplerOptions {
  /** How long after a trace's first span it is decided, ms. @default 10000 */
  readonly decisionWaitMs?: number;
  /** A span at least this long (µs) keeps its trace. @default 1000000 (1 s) */
  readonly latencyThresholdUs?: number;
  /** Probability of keeping a trace with no error and no slow span. @default 0.1 */
  readonly baseProbability?: number;
  /** How long late spans of a decided trace follow its decision, ms. @default 300000 */
  readonly decisionTtlMs?: number;
  /** Most traces buffered; beyond that the oldest is decided early. @default 50000 */
  readonly maxTraces?: number;
  /** Most spans buffered over all traces; beyond that the oldest traces are decided early. @default 1000000 */
  readonly maxSpans?: number;
}

/** Why a trace was kept or dropped. */
export type TailReason = 'error' | 'latency' | 'probability' | 'not_sampled';

/** The decision about one trace. */
export interface TraceDecision {
  readonly traceId: string;
  readonly keep: boolean;
  readonly reason: TailReason;
  /** Spans buffered when it was decided. */
  readonly spanCount: number;
}

/** What the sampler lets through: spans to keep now and the decisions made. */
export interface TailRelease {
  readonly kept: Span[];
  readonly decisions: TraceDecision[];
}

/** Serialisable state of a {@link TailSampler}; times are Unix ms. */
export interface TailSamplerState {
  readonly traces: ReadonlyArray<{ readonly traceId: string; readonly firstSeen: number; readonly spans: readonly Span[] }>;
  readonly decisions: ReadonlyArray<readonly [traceId: string, keep: boolean, decidedAt: number]>;
  readonly lateDropped: number;
}

interface Buffered {
  firstSeen: number;
  spans: Span[];
}

/**
 * Tail sampling decision logic, pure (times come from the caller). Spans are buffered per trace
 * from its first-seen time; {@link TailSampler.decide} releases traces whose wait is over:
 * kept when any span has an error status, or any span is at least the latency threshold,
 * otherwise kept with the base probability, decided on the trace id alone (consistent with
 * head sampling, so every shard agrees). Decisions are remembered for `decisionTtlMs`: late
 * spans of a kept trace pass straight through, those of a dropped trace are dropped (counted
 * in `lateDropped`); after that a late span starts a new buffer. The buffer is bounded:
 * past `maxTraces` traces or `maxSpans` spans the oldest traces are decided early.
 */
export class TailSampler {
  /** Late spans dropped because their trace was dropped. */
  lateDropped = 0;
  private readonly traces = new Map<string, Buffered>();
  private readonly decisions = new Map<string, { keep: boolean; at: number }>();
  private readonly wait: number;
  private readonly latency: number;
  private readonly base: ProbabilityThreshold;
  private readonly ttl: number;
  private readonly maxTraces: number;
  private readonly maxSpans: number;
  private spanCount = 0;

  constructor(options: TailSamplerOptions = {}) {
    this.wait = options.decisionWaitMs ?? 10_000;
    this.latency = options.latencyThresholdUs ?? 1_000_000;
    this.base = new ProbabilityThreshold(options.baseProbability ?? 0.1);
    this.ttl = options.decisionTtlMs ?? 300_000;
    this.maxTraces = options.maxTraces ?? 50_000;
    this.maxSpans = options.maxSpans ?? 1_000_000;
  }

  /** Traces waiting for a decision. */
  get buffered(): number {
    return this.traces.size;
  }

  /** The recorded decision for a trace (true kept, false dropped), or undefined while it waits or once the decision expired. */
  decided(traceId: string, now: number): boolean | undefined {
    const d = this.decisions.get(traceId);
    return d && d.at + this.ttl > now ? d.keep : undefined;
  }

  /** Counts a late span of a dropped trace that the caller dropped itself (after {@link TailSampler.decided} said false). */
  countLateDropped(n: number): void {
    this.lateDropped += n;
  }

  /** Takes spans in; answers late spans of kept traces, and any traces decided early to make room. */
  accept(spans: readonly Span[], now: number): TailRelease {
    const release: TailRelease = { kept: [], decisions: [] };
    for (const span of spans) {
      const decided = this.decisions.get(span.traceId);
      if (decided && decided.at + this.ttl > now) {
        if (decided.keep) release.kept.push(span);
        else this.lateDropped++;
        continue;
      }
      let b = this.traces.get(span.traceId);
      if (!b) {
        if (this.traces.size >= this.maxTraces) {
          const oldest = this.traces.keys().next().value as string;
          this.release(oldest, now, release);
        }
        b = { firstSeen: now, spans: [] };
        this.traces.set(span.traceId, b);
      }
      b.spans.push(span);
      this.spanCount++;
      // Settle the oldest traces until the span budget holds (never the trace just added to, unless it is the only one).
      while (this.spanCount > this.maxSpans && this.traces.size > 1) {
        const oldest = this.traces.keys().next().value as string;
        if (oldest === span.traceId) break;
        this.release(oldest, now, release);
      }
    }
    return release;
  }

  /** Decides every trace whose wait is over (first seen ≤ now − wait) and forgets expired decisions. */
  decide(now: number): TailRelease {
    const release: TailRelease = { kept: [], decisions: [] };
    // Insertion order is first-seen order, so the scan stops at the first trace still waiting.
    for (const [traceId, b] of this.traces) {
      if (b.firstSeen + this.wait > now) break;
      this.release(traceId, now, release);
    }
    for (const [traceId, d] of this.decisions) {
      if (d.at + this.ttl > now) break;
      this.decisions.delete(traceId);
    }
    return release;
  }

  /** The state as plain data. */
  toJSON(): TailSamplerState {
    return {
      traces: [...this.traces].map(([traceId, b]) => ({ traceId, firstSeen: b.firstSeen, spans: b.spans })),
      decisions: [...this.decisions].map(([traceId, d]) => [traceId, d.keep, d.at] as const),
      lateDropped: this.lateDropped,
    };
  }

  /** A sampler restored from {@link TailSampler.toJSON}. */
  static fromJSON(state: TailSamplerState, options: TailSamplerOptions = {}): TailSampler {
    const s = new TailSampler(options);
    for (const t of [...state.traces].sort((a, b) => a.firstSeen - b.firstSeen)) {
      s.traces.set(t.traceId, { firstSeen: t.firstSeen, spans: [...t.spans] });
      s.spanCount += t.spans.length;
    }
    for (const [traceId, keep, at] of [...state.decisions].sort((a, b) => a[2] - b[2])) s.decisions.set(traceId, { keep, at });
    s.lateDropped = state.lateDropped;
    return s;
  }

  private release(traceId: string, now: number, out: TailRelease): void {
    const b = this.traces.get(traceId)!;
    this.traces.delete(traceId);
    this.spanCount -= b.spans.length;
    const reason = this.reason(traceId, b.spans);
    const keep = reason !== 'not_sampled';
    // Re-inserting moves the decision to the end, keeping the map in decision-time order.
    this.decisions.delete(traceId);
    this.decisions.set(traceId, { keep, at: now });
    if (keep) for (const s of b.spans) out.kept.push(s);
    out.decisions.push({ traceId, keep, reason, spanCount: b.spans.length });
  }

  private reason(traceId: string, spans: readonly Span[]): TailReason {
    if (spans.some((s) => s.status === 'error')) return 'error';
    if (spans.some((s) => s.duration >= this.latency)) return 'latency';
    return this.base.sampled(traceId) ? 'probability' : 'not_sampled';
  }
}
