import type { Series } from '../../domain/series';
import type { Span } from '../../domain/span';
import { EdgePairer, type EdgePairerState } from '../service-graph/edge-pairer';
import { HeadSampler } from '../sampling/head-sampler';
import { TailSampler, type TailSamplerState, type TraceDecision } from '../sampling/tail-sampler';
import { ServiceGraphMetricsAccumulator, type ServiceGraphMetricsState } from '../span-metrics/service-graph-metrics-accumulator';
import { SpanMetricsAccumulator, type SpanMetricsState } from '../span-metrics/span-metrics-accumulator';
import type { TraceProcessorConfig } from './trace-processor-config';

/** Spans of a decision-buffer chunk, by trace id: what one batch put in the buffer. */
export type BufferChunk = Record<string, Span[]>;

/** Serialisable state of a {@link TraceBatchProcessor} (one per stream shard). */
export interface TraceProcessorState {
  /**
   * Traces waiting for a tail decision, compactly: id, first seen (ms), longest span (µs),
   * whether any span failed, and the chunks holding their spans. That is all a decision reads.
   */
  readonly waiting: ReadonlyArray<readonly [traceId: string, firstSeen: number, longestUs: number, error: 0 | 1, chunks: readonly string[]]>;
  /** Remembered decisions, as the tail sampler keeps them. */
  readonly decisions: TailSamplerState['decisions'];
  readonly lateDropped: number;
  /** Chunks still referenced: how many buffered traces have spans in each. */
  readonly chunkRefs: Record<string, number>;
  /** The number the next chunk gets. */
  readonly nextChunk: number;
  readonly pairer: EdgePairerState;
  readonly spanMetrics: SpanMetricsState;
  readonly graphMetrics: ServiceGraphMetricsState;
  /** Recently processed envelope ids, oldest first. */
  readonly seen: string[];
  /** Highest stream sequence number processed (decimal text), if the records carried one. */
  readonly lastSequence?: string;
  /** Unix ms of the last metric flush. */
  readonly lastFlush: number;
  readonly stats: TraceProcessorStats;
}

/** Running counters, for the processor's own telemetry. */
export interface TraceProcessorStats {
  spansIn: number;
  headDropped: number;
  kept: number;
  tailDropped: number;
  lateKept: number;
  lateDropped: number;
  duplicates: number;
}

/** One envelope's spans, as the handler decoded them. */
export interface SpanEnvelope {
  readonly id: string;
  /** The stream record's sequence number (decimal text, increasing within a shard). */
  readonly sequence?: string;
  readonly spans: readonly Span[];
}

/** What one batch asks the handler to do, in order: write `newChunk`, read `loadChunks`, store kept spans, write `series`, save state, delete `deleteChunks`. */
export interface BatchOutcome {
  /** The chunk id this batch's buffered spans go to (meaningful when `newChunk` is set). */
  readonly chunkId: string;
  /** Spans to store now (already in memory). */
  readonly kept: Span[];
  /** Chunks to read: for each chunk id, the kept traces whose spans it holds. */
  readonly loadChunks: ReadonlyMap<string, readonly string[]>;
  /** The chunk this batch adds to the buffer (write it under `chunkId` before saving state). */
  readonly newChunk?: BufferChunk;
  /** Chunks no buffered trace needs any more. */
  readonly deleteChunks: string[];
  /** Cumulative span-metrics and service-graph series to write (empty between flushes). */
  readonly series: Series[];
  readonly decisions: TraceDecision[];
  readonly duplicates: number;
}

/**
 * How long late spans follow a decision unless configured: a minute, shorter than the
 * sampler's own default, because every remembered decision lives in the shard state.
 */
export const DEFAULT_DECISION_TTL_MS = 60_000;

/** Orders two decimal sequence numbers (Kinesis' exceed 2^53, so compare as text). */
export function compareSequence(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/** The tail sampler's state from the compact form: one stand-in span per waiting trace (all a decision reads). */
function tailState(state: TraceProcessorState): TailSamplerState {
  return {
    traces: state.waiting.map(([traceId, firstSeen, longestUs, error]) => ({ traceId, firstSeen, spans: [stub(traceId, longestUs, error === 1)] })),
    decisions: state.decisions,
    lateDropped: state.lateDropped,
  };
}

function stub(traceId: string, duration: number, error: boolean): Span {
  return { traceId, spanId: '', name: '', service: '', kind: 'internal', startTime: 0, duration, status: error ? 'error' : 'unset', attributes: {}, resource: {}, events: [] };
}

const emptyStats = (): TraceProcessorStats => ({ spansIn: 0, headDropped: 0, kept: 0, tailDropped: 0, lateKept: 0, lateDropped: 0, duplicates: 0 });

/**
 * The trace processor's logic for one shard, pure: dedupe (a record at or below the highest
 * sequence number processed, or a recently seen envelope id, is a redelivery), span metrics and
 * service-graph pairing on every span received (before sampling, so rates are exact), head
 * sampling per service, then tail sampling. Buffered spans do not live in the state: each
 * batch's buffered spans form one chunk the handler stores beside it, and the state keeps
 * only which chunks each waiting trace has spans in, so the state stays small whatever the
 * decision wait. Late spans of a decided trace follow its recorded decision at once.
 */
export class TraceBatchProcessor {
  private readonly head: HeadSampler;
  private readonly tail: TailSampler;
  private readonly pairer: EdgePairer;
  private readonly spanMetrics: SpanMetricsAccumulator;
  private readonly graphMetrics: ServiceGraphMetricsAccumulator;
  private readonly traceChunks: Map<string, string[]>;
  private readonly chunkRefs: Map<string, number>;
  private readonly seen: string[];
  private readonly seenSet: Set<string>;
  private lastFlush: number;
  private lastSequence: string | undefined;
  private nextChunk: number;
  readonly stats: TraceProcessorStats;

  constructor(private readonly config: TraceProcessorConfig = {}, state?: TraceProcessorState) {
    this.head = new HeadSampler(config.head);
    const tailOptions = { decisionTtlMs: DEFAULT_DECISION_TTL_MS, ...config.tail };
    this.tail = state ? TailSampler.fromJSON(tailState(state), tailOptions) : new TailSampler(tailOptions);
    const pairerOptions = { waitMs: config.pairWaitMs };
    this.pairer = state ? EdgePairer.fromJSON(state.pairer, pairerOptions) : new EdgePairer(pairerOptions);
    const metricOptions = { dimensions: config.dimensions };
    this.spanMetrics = state ? SpanMetricsAccumulator.fromJSON(state.spanMetrics, metricOptions) : new SpanMetricsAccumulator(metricOptions);
    this.graphMetrics = state ? ServiceGraphMetricsAccumulator.fromJSON(state.graphMetrics) : new ServiceGraphMetricsAccumulator();
    this.traceChunks = new Map((state?.waiting ?? []).map((w) => [w[0], [...w[4]]]));
    this.nextChunk = state?.nextChunk ?? 1;
    this.chunkRefs = new Map(Object.entries(state?.chunkRefs ?? {}));
    this.seen = [...(state?.seen ?? [])];
    this.seenSet = new Set(this.seen);
    this.lastFlush = state?.lastFlush ?? 0;
    this.lastSequence = state?.lastSequence;
    this.stats = { ...emptyStats(), ...state?.stats };
  }

  /** Traces waiting for a tail decision. */
  get buffered(): number {
    return this.tail.buffered;
  }

  /**
   * Processes one batch at `now` (Unix ms); its buffered spans, if any, form the chunk
   * `outcome.chunkId`. A batch with no envelopes only settles what is due (a timer tick).
   */
  process(envelopes: readonly SpanEnvelope[], now: number): BatchOutcome {
    const chunkId = String(this.nextChunk);
    let duplicates = 0;
    const spans: Span[] = [];
    for (const e of envelopes) {
      if (this.seenSet.has(e.id) || (e.sequence !== undefined && this.lastSequence !== undefined && compareSequence(e.sequence, this.lastSequence) <= 0)) {
        duplicates++;
        continue;
      }
      this.remember(e.id);
      if (e.sequence !== undefined && (this.lastSequence === undefined || compareSequence(e.sequence, this.lastSequence) > 0)) this.lastSequence = e.sequence;
      for (const s of e.spans) spans.push(s);
    }
    this.stats.duplicates += duplicates;
    this.stats.spansIn += spans.length;

    this.spanMetrics.observe(spans);
    this.graphMetrics.observe(this.pairer.add(spans, now));
    this.graphMetrics.observe(this.pairer.expire(now));

    const sampled = this.head.filter(spans);
    this.stats.headDropped += spans.length - sampled.length;

    const kept: Span[] = [];
    const byTrace = new Map<string, Span[]>();
    for (const s of sampled) {
      const decided = this.tail.decided(s.traceId, now);
      if (decided === true) {
        kept.push(s);
        this.stats.lateKept++;
      } else if (decided === false) {
        this.tail.countLateDropped(1);
        this.stats.lateDropped++;
      } else {
        let group = byTrace.get(s.traceId);
        if (!group) byTrace.set(s.traceId, (group = []));
        group.push(s);
      }
    }

    // The sampler sees one stand-in per trace and batch: it decides on error status and the longest duration.
    const stubs: Span[] = [];
    for (const [traceId, group] of byTrace) {
      let duration = 0;
      let error = false;
      for (const s of group) {
        if (s.duration > duration) duration = s.duration;
        if (s.status === 'error') error = true;
      }
      // Only what the decision reads: the stub is what the state carries while the trace waits.
      stubs.push(stub(traceId, duration, error));
      const chunks = this.traceChunks.get(traceId);
      if (chunks) chunks.push(chunkId);
      else this.traceChunks.set(traceId, [chunkId]);
    }
    if (byTrace.size > 0) {
      this.chunkRefs.set(chunkId, byTrace.size);
      this.nextChunk++;
    }

    const decisions = [...this.tail.accept(stubs, now).decisions, ...this.tail.decide(now).decisions];
    const loadChunks = new Map<string, string[]>();
    const deleteChunks: string[] = [];
    for (const d of decisions) {
      const chunks = this.traceChunks.get(d.traceId) ?? [];
      this.traceChunks.delete(d.traceId);
      if (d.keep) this.stats.kept++;
      else this.stats.tailDropped++;
      for (const c of chunks) {
        if (d.keep) {
          if (c === chunkId) kept.push(...byTrace.get(d.traceId)!);
          else {
            const list = loadChunks.get(c);
            if (list) list.push(d.traceId);
            else loadChunks.set(c, [d.traceId]);
          }
        }
        const left = (this.chunkRefs.get(c) ?? 1) - 1;
        if (left > 0) this.chunkRefs.set(c, left);
        else {
          this.chunkRefs.delete(c);
          if (c !== chunkId) deleteChunks.push(c);
        }
      }
    }

    let newChunk: BufferChunk | undefined;
    if (this.chunkRefs.has(chunkId)) {
      newChunk = {};
      for (const [traceId, group] of byTrace) if (this.traceChunks.has(traceId)) newChunk[traceId] = group;
    }

    let series: Series[] = [];
    if (now - this.lastFlush >= (this.config.metricsFlushMs ?? 10_000) && (spans.length > 0 || envelopes.length === 0)) {
      series = [...this.spanMetrics.flush(now), ...this.graphMetrics.flush(now)];
      this.lastFlush = now;
    }
    return { chunkId, kept, loadChunks, newChunk, deleteChunks, series, decisions, duplicates };
  }

  /** The state as plain data. */
  toJSON(): TraceProcessorState {
    const tail = this.tail.toJSON();
    return {
      waiting: tail.traces.map((t) => {
        let longest = 0;
        let error: 0 | 1 = 0;
        for (const s of t.spans) {
          if (s.duration > longest) longest = s.duration;
          if (s.status === 'error') error = 1;
        }
        return [t.traceId, t.firstSeen, longest, error, this.traceChunks.get(t.traceId) ?? []] as const;
      }),
      decisions: tail.decisions,
      lateDropped: tail.lateDropped,
      chunkRefs: Object.fromEntries(this.chunkRefs),
      nextChunk: this.nextChunk,
      pairer: this.pairer.toJSON(),
      spanMetrics: this.spanMetrics.toJSON(),
      graphMetrics: this.graphMetrics.toJSON(),
      seen: this.seen,
      ...(this.lastSequence !== undefined && { lastSequence: this.lastSequence }),
      lastFlush: this.lastFlush,
      stats: { ...this.stats },
    };
  }

  private remember(id: string): void {
    const window = this.config.dedupeWindow ?? 1000;
    if (window === 0) return;
    this.seen.push(id);
    this.seenSet.add(id);
    while (this.seen.length > window) this.seenSet.delete(this.seen.shift()!);
  }
}
