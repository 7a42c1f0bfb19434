import type { Series } from '../../domain/series';
import type { CompletedEdge } from '../service-graph/completed-edge';
import { SERVICE_GRAPH_BUCKETS, bucketIndex } from '../service-graph/dependency-graph-builder';
import { histogramSeries } from './histogram-series';
import { TEMPO_METRIC } from './tempo-labels';

/** One (client, server, connection_type) label set's counters. */
export interface ServiceGraphCell {
  readonly labels: Readonly<Record<string, string>>;
  total: number;
  failed: number;
  /** Per-bucket counts (last = +Inf) and sums in seconds, server then client side. */
  readonly serverCounts: number[];
  serverSum: number;
  readonly clientCounts: number[];
  clientSum: number;
}

/** Serialisable state of a {@link ServiceGraphMetricsAccumulator}. */
export interface ServiceGraphMetricsState {
  readonly buckets: readonly number[];
  readonly cells: readonly ServiceGraphCell[];
}

/**
 * Tempo-compatible service-graph series from completed edges, cumulative:
 * `traces_service_graph_request_total`, `traces_service_graph_request_failed_total` (written
 * once a label set has failed at least once, as Tempo creates counters on first increment),
 * and the `traces_service_graph_request_server_seconds` / `_client_seconds` histograms, with
 * labels `client`, `server`, `connection_type`. An empty connection type is left out, as
 * Prometheus treats an empty label as absent.
 */
export class ServiceGraphMetricsAccumulator {
  private readonly cells = new Map<string, ServiceGraphCell>();

  constructor(private readonly bounds: readonly number[] = SERVICE_GRAPH_BUCKETS) {}

  /** Counts completed edges. */
  observe(edges: readonly CompletedEdge[]): void {
    for (const e of edges) {
      const key = `${e.client}\u0000${e.server}\u0000${e.connectionType}`;
      let cell = this.cells.get(key);
      if (!cell) {
        const labels: Record<string, string> = { client: e.client, server: e.server };
        if (e.connectionType !== '') labels.connection_type = e.connectionType;
        const zeros = () => new Array<number>(this.bounds.length + 1).fill(0);
        cell = { labels, total: 0, failed: 0, serverCounts: zeros(), serverSum: 0, clientCounts: zeros(), clientSum: 0 };
        this.cells.set(key, cell);
      }
      cell.total++;
      if (e.failed) cell.failed++;
      cell.serverCounts[bucketIndex(this.bounds, e.serverLatency)]++;
      cell.serverSum += e.serverLatency;
      cell.clientCounts[bucketIndex(this.bounds, e.clientLatency)]++;
      cell.clientSum += e.clientLatency;
    }
  }

  /** Every counter as a series with one sample at `timestamp` (Unix ms). */
  flush(timestamp: number): Series[] {
    const out: Series[] = [];
    for (const c of this.cells.values()) {
      out.push({ labels: { __name__: TEMPO_METRIC.graphRequests, ...c.labels }, samples: [{ timestamp, value: c.total }] });
      if (c.failed > 0) out.push({ labels: { __name__: TEMPO_METRIC.graphFailed, ...c.labels }, samples: [{ timestamp, value: c.failed }] });
      histogramSeries(TEMPO_METRIC.graphServerSeconds, c.labels, this.bounds, c.serverCounts, c.serverSum, timestamp, out);
      histogramSeries(TEMPO_METRIC.graphClientSeconds, c.labels, this.bounds, c.clientCounts, c.clientSum, timestamp, out);
    }
    return out;
  }

  /** The state as plain data. */
  toJSON(): ServiceGraphMetricsState {
    return { buckets: this.bounds, cells: [...this.cells.values()].map((c) => ({ ...c, labels: { ...c.labels }, serverCounts: [...c.serverCounts], clientCounts: [...c.clientCounts] })) };
  }

  /** An accumulator restored from {@link ServiceGraphMetricsAccumulator.toJSON}. */
  static fromJSON(state: ServiceGraphMetricsState): ServiceGraphMetricsAccumulator {
    const acc = new ServiceGraphMetricsAccumulator(state.buckets);
    for (const c of state.cells) {
      const key = `${c.labels.client}\u0000${c.labels.server}\u0000${c.labels.connection_type ?? ''}`;
      acc.cells.set(key, { ...c, labels: { ...c.labels }, serverCounts: [...c.serverCounts], clientCounts: [...c.clientCounts] });
    }
    return acc;
  }
}
