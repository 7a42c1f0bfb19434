import type { Series, TimeRange } from '../../domain/series';
import type { ConnectionType, NodeType } from '../service-graph/completed-edge';
import { formatLe, type DependencyGraph, type GraphEdge, type GraphNode } from '../service-graph/dependency-graph-builder';
import { counterIncrease } from './counter-increase';

/** The service-graph series a graph is read from (Tempo names; extra labels such as `instance` are summed away). */
export interface ServiceGraphSeries {
  /** `traces_service_graph_request_total` */
  readonly total: readonly Series[];
  /** `traces_service_graph_request_failed_total` */
  readonly failed: readonly Series[];
  /** `traces_service_graph_request_server_seconds_bucket` */
  readonly serverBuckets: readonly Series[];
  /** `traces_service_graph_request_server_seconds_sum` */
  readonly serverSums?: readonly Series[];
}

interface Cell {
  source: string;
  target: string;
  connectionType: ConnectionType;
  calls: number;
  errors: number;
  buckets: Map<number, number>;
  sum: number;
}

const key = (l: Readonly<Record<string, string>>) => `${l.client}\u0000${l.server}`;

/**
 * The dependency graph over a range from Tempo service-graph counters: each (client, server)
 * edge with its call and error increases and server-latency histogram. Node types: a node that
 * is a client somewhere is a service (and `user` in front of root spans is external); a
 * server-only node is typed by its connection (database, messaging, external peer).
 * Edges without calls in the range are left out. Sorted as {@link DependencyGraph} is.
 */
export function graphFromSeries(series: ServiceGraphSeries, range: TimeRange): DependencyGraph {
  const cells = new Map<string, Cell>();
  for (const s of series.total) {
    const calls = counterIncrease(s.samples, range);
    const k = key(s.labels);
    let c = cells.get(k);
    if (!c) {
      c = { source: s.labels.client, target: s.labels.server, connectionType: (s.labels.connection_type ?? '') as ConnectionType, calls: 0, errors: 0, buckets: new Map(), sum: 0 };
      cells.set(k, c);
    }
    c.calls += calls;
  }
  for (const s of series.failed) {
    const c = cells.get(key(s.labels));
    if (c) c.errors += counterIncrease(s.samples, range);
  }
  for (const s of series.serverBuckets) {
    const c = cells.get(key(s.labels));
    if (!c) continue;
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    c.buckets.set(le, (c.buckets.get(le) ?? 0) + counterIncrease(s.samples, range));
  }
  for (const s of series.serverSums ?? []) {
    const c = cells.get(key(s.labels));
    if (c) c.sum += counterIncrease(s.samples, range);
  }
  const live = [...cells.values()].filter((c) => c.calls > 0);
  const clients = new Set(live.map((c) => c.source));
  const nodes = new Map<string, { type: NodeType; calls: number; errors: number }>();
  const node = (id: string, type: NodeType) => {
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { type, calls: 0, errors: 0 }));
    return n;
  };
  for (const c of live) {
    node(c.source, c.source === 'user' && c.connectionType === 'virtual_node' ? 'external' : 'service');
    const serverType: NodeType = clients.has(c.target)
      ? 'service'
      : c.connectionType === 'database'
        ? 'database'
        : c.connectionType === 'messaging_system'
          ? 'messaging'
          : c.connectionType === 'virtual_node'
            ? 'external'
            : 'service';
    const n = node(c.target, serverType);
    n.calls += c.calls;
    n.errors += c.errors;
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const outNodes: GraphNode[] = [...nodes].map(([id, n]) => ({ id, ...n })).sort((a, b) => cmp(a.id, b.id));
  const edges: GraphEdge[] = live
    .sort((a, b) => cmp(a.source, b.source) || cmp(a.target, b.target))
    .map((c) => {
      const buckets = [...c.buckets].sort((x, y) => x[0] - y[0]).map(([le, count]) => ({ le: formatLe(le), count }));
      return { source: c.source, target: c.target, connectionType: c.connectionType, calls: c.calls, errors: c.errors, latency: { buckets, sum: c.sum, count: c.calls } };
    });
  return { nodes: outNodes, edges };
}
