import type { CompletedEdge, ConnectionType, NodeType } from './completed-edge';

/** Tempo's default service-graph latency buckets, seconds: 0.1 × 2^k for k = 0..7. */
export const SERVICE_GRAPH_BUCKETS: readonly number[] = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8];

/** A latency histogram: cumulative bucket counts (Prometheus `le` text, '+Inf' last), sum in seconds. */
export interface LatencyHistogram {
  readonly buckets: ReadonlyArray<{ readonly le: string; readonly count: number }>;
  readonly sum: number;
  readonly count: number;
}

/** A node of the dependency graph. */
export interface GraphNode {
  readonly id: string;
  readonly type: NodeType;
  /** Requests it served. */
  readonly calls: number;
  /** Of those, failed ones. */
  readonly errors: number;
}

/** An edge of the dependency graph: requests from `source` to `target`. */
export interface GraphEdge {
  readonly source: string;
  readonly target: string;
  readonly connectionType: ConnectionType;
  readonly calls: number;
  readonly errors: number;
  /** Server-side latency (the client's when the server is virtual), as Tempo's graph shows. */
  readonly latency: LatencyHistogram;
}

/** The dependency graph, in the shape ARCHITECTURE.md fixes: `{ nodes: [{ id, ... }], edges: [{ source, target, calls, errors, ... }] }`. */
export interface DependencyGraph {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

const TYPE_RANK: Readonly<Record<NodeType, number>> = { service: 3, database: 2, messaging: 2, external: 1 };

interface EdgeCell {
  source: string;
  target: string;
  connectionType: ConnectionType;
  calls: number;
  errors: number;
  counts: number[];
  sum: number;
}

/**
 * Accumulates completed edges into a dependency graph. A node's type is the strongest seen
 * for its id: a name that reports spans is a 'service' even when other clients only know it
 * through `peer.service`. Output is sorted (nodes by id, edges by source then target).
 */
export class DependencyGraphBuilder {
  private readonly nodes = new Map<string, { type: NodeType; calls: number; errors: number }>();
  private readonly edges = new Map<string, EdgeCell>();

  constructor(private readonly bounds: readonly number[] = SERVICE_GRAPH_BUCKETS) {}

  /** Adds edges. */
  add(edges: readonly CompletedEdge[]): this {
    for (const e of edges) {
      this.node(e.client, e.clientType);
      const server = this.node(e.server, e.serverType);
      server.calls++;
      if (e.failed) server.errors++;
      const key = `${e.client}\u0000${e.server}`;
      let cell = this.edges.get(key);
      if (!cell) {
        cell = { source: e.client, target: e.server, connectionType: e.connectionType, calls: 0, errors: 0, counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0 };
        this.edges.set(key, cell);
      }
      cell.calls++;
      if (e.failed) cell.errors++;
      cell.sum += e.serverLatency;
      cell.counts[bucketIndex(this.bounds, e.serverLatency)]++;
    }
    return this;
  }

  /** The graph so far. */
  build(): DependencyGraph {
    const nodes = [...this.nodes].map(([id, n]) => ({ id, type: n.type, calls: n.calls, errors: n.errors })).sort((a, b) => cmp(a.id, b.id));
    const edges = [...this.edges.values()]
      .sort((a, b) => cmp(a.source, b.source) || cmp(a.target, b.target))
      .map((c) => ({ source: c.source, target: c.target, connectionType: c.connectionType, calls: c.calls, errors: c.errors, latency: histogram(this.bounds, c.counts, c.sum) }));
    return { nodes, edges };
  }

  private node(id: string, type: NodeType): { type: NodeType; calls: number; errors: number } {
    let n = this.nodes.get(id);
    if (!n) {
      n = { type, calls: 0, errors: 0 };
      this.nodes.set(id, n);
    } else if (TYPE_RANK[type] > TYPE_RANK[n.type]) {
      n.type = type;
    }
    return n;
  }
}

/** Index of the first bucket whose upper bound holds `v` (bounds.length for +Inf). */
export function bucketIndex(bounds: readonly number[], v: number): number {
  // Linear: bucket lists are short (8 to 14) and most latencies land in the first few.
  for (let i = 0; i < bounds.length; i++) if (v <= bounds[i]) return i;
  return bounds.length;
}

/** Prometheus text of a bucket bound (`+Inf` for infinity). */
export function formatLe(bound: number): string {
  return bound === Infinity ? '+Inf' : String(bound);
}

function histogram(bounds: readonly number[], counts: readonly number[], sum: number): LatencyHistogram {
  let acc = 0;
  const buckets = counts.map((c, i) => {
    acc += c;
    return { le: formatLe(i < bounds.length ? bounds[i] : Infinity), count: acc };
  });
  return { buckets, sum, count: acc };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
