import type { Span } from '../../domain/span';
import type { CompletedEdge } from './completed-edge';
import { PendingPairStore, type PendingEntry } from './pending-pair-store';
import { isDatabaseCall, virtualServer, type VirtualServer } from './virtual-server';

/** Options of an {@link EdgePairer}. */
export interface EdgePairerOptions {
  /**
   * How long a half-pair waits for its other half, milliseconds.
   * @default 10000 (Tempo's `wait`)
   */
  readonly waitMs?: number;
  /**
   * Most half-pairs kept; beyond that the oldest is settled early.
   * @default 10000 (Tempo's `max_items`)
   */
  readonly maxItems?: number;
  /**
   * Name of the virtual client in front of root server spans (Tempo's 'user'); '' turns it off.
   * @default 'user'
   */
  readonly userNode?: string;
}

/** A span waiting for its other half: only what an edge needs, so the state stays small. */
export interface HalfPair {
  readonly side: 'client' | 'server';
  readonly traceId: string;
  readonly service: string;
  /** Seconds. */
  readonly latency: number;
  readonly failed: boolean;
  /** A producer or consumer span. */
  readonly messaging: boolean;
  /** For a client half: the node to report if no server answers. */
  readonly virtual?: VirtualServer;
}

/** Counters of an {@link EdgePairer}, for its own telemetry. */
export interface EdgePairerStats {
  /** Client or server halves that found no partner and no virtual peer. */
  unpaired: number;
  /** Halves settled early because the store was full. */
  evicted: number;
}

/** Serialisable state of an {@link EdgePairer}. */
export interface EdgePairerState {
  readonly pending: PendingEntry<HalfPair>[];
  readonly stats: EdgePairerStats;
}

/**
 * Pairs client and server spans into service-graph edges as spans stream in, across batches:
 * a client (or producer) span waits under `(traceId, spanId)`, a server (or consumer) span
 * under `(traceId, parentSpanId)`; when both halves are there the edge is complete. A client
 * span with database attributes is complete at once (databases send no spans, as Tempo
 * assumes); a root server span gets the virtual 'user' client at once. When a client half
 * expires unanswered, its virtual server (peer.service, messaging, address) completes it;
 * otherwise it is counted as unpaired. Times are the caller's clock in milliseconds.
 */
export class EdgePairer {
  readonly stats: EdgePairerStats = { unpaired: 0, evicted: 0 };
  private readonly store: PendingPairStore<HalfPair>;
  private readonly userNode: string;

  constructor(options: EdgePairerOptions = {}) {
    this.store = new PendingPairStore<HalfPair>(options.waitMs ?? 10_000, options.maxItems ?? 10_000);
    this.userNode = options.userNode ?? 'user';
  }

  /** Number of halves waiting. */
  get pending(): number {
    return this.store.size;
  }

  /** Feeds spans; returns the edges they complete (including any settled early to make room). */
  add(spans: readonly Span[], now: number): CompletedEdge[] {
    const out: CompletedEdge[] = [];
    for (const span of spans) this.addOne(span, now, out);
    return out;
  }

  /** Settles halves whose wait is over: virtual-server edges, or unpaired. */
  expire(now: number): CompletedEdge[] {
    return this.settle(this.store.expire(now), []);
  }

  /** Settles every waiting half now (e.g. when a batch holds whole traces). */
  flush(): CompletedEdge[] {
    return this.settle(this.store.drain(), []);
  }

  /** The state as plain data. */
  toJSON(): EdgePairerState {
    return { pending: this.store.toJSON(), stats: { ...this.stats } };
  }

  /** A pairer restored from {@link EdgePairer.toJSON}. */
  static fromJSON(state: EdgePairerState, options: EdgePairerOptions = {}): EdgePairer {
    const p = new EdgePairer(options);
    p.store.load(state.pending);
    Object.assign(p.stats, state.stats);
    return p;
  }

  private addOne(span: Span, now: number, out: CompletedEdge[]): void {
    const kind = span.kind;
    const latency = span.duration / 1e6;
    const failed = span.status === 'error';
    if (kind === 'client' || kind === 'producer') {
      if (kind === 'client' && isDatabaseCall(span)) {
        const v = virtualServer(span)!;
        out.push(virtualEdge(span.traceId, span.service, v, latency, failed));
        return;
      }
      const key = `${span.traceId}:${span.spanId}`;
      const half: HalfPair = { side: 'client', traceId: span.traceId, service: span.service, latency, failed, messaging: kind === 'producer', virtual: virtualServer(span) };
      const other = this.store.take(key);
      if (other && other.side === 'server') out.push(pair(half, other));
      else this.evict(this.store.put(key, half, now), out);
    } else if (kind === 'server' || kind === 'consumer') {
      const half: HalfPair = { side: 'server', traceId: span.traceId, service: span.service, latency, failed, messaging: kind === 'consumer' };
      if (span.parentSpanId === undefined) {
        if (this.userNode !== '') {
          out.push({ traceId: span.traceId, client: this.userNode, clientType: 'external', server: span.service, serverType: 'service', connectionType: 'virtual_node', clientLatency: latency, serverLatency: latency, failed });
        }
        return;
      }
      const key = `${span.traceId}:${span.parentSpanId}`;
      const other = this.store.take(key);
      if (other && other.side === 'client') out.push(pair(other, half));
      else this.evict(this.store.put(key, half, now), out);
    }
  }

  private evict(entries: readonly PendingEntry<HalfPair>[], out: CompletedEdge[]): void {
    this.stats.evicted += entries.length;
    this.settle(entries, out);
  }

  private settle(entries: readonly PendingEntry<HalfPair>[], out: CompletedEdge[]): CompletedEdge[] {
    for (const [, half] of entries) {
      if (half.side === 'client' && half.virtual) out.push(virtualEdge(half.traceId, half.service, half.virtual, half.latency, half.failed));
      else this.stats.unpaired++;
    }
    return out;
  }
}

function pair(client: HalfPair, server: HalfPair): CompletedEdge {
  return {
    traceId: client.traceId,
    client: client.service,
    clientType: 'service',
    server: server.service,
    serverType: 'service',
    connectionType: client.messaging || server.messaging ? 'messaging_system' : '',
    clientLatency: client.latency,
    serverLatency: server.latency,
    failed: client.failed || server.failed,
  };
}

function virtualEdge(traceId: string, client: string, v: VirtualServer, latency: number, failed: boolean): CompletedEdge {
  return { traceId, client, clientType: 'service', server: v.id, serverType: v.type, connectionType: v.connectionType, clientLatency: latency, serverLatency: latency, failed };
}
