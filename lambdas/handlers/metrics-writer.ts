import { metricIngestSettings } from '../api/ingest/metric-ingest-settings';
import { CardinalityGuard } from '../core/metrics/cardinality-guard';
import type { RemoteWriteMetadata } from '../core/metrics/remote-write-codec';
import { MetricMetadataCatalog } from '../core/metrics/metric-metadata-catalog';
import { decodeSeriesBody } from '../core/metrics/series-body';
import type { MetricStore, Ports, StateStore } from '../core/ports';
import { streamProcessor } from './processors/stream-processor';

let catalog: { state: StateStore; catalog: MetricMetadataCatalog } | undefined;

// One catalog per state store, so its cache of written metadata lives as long as the container.
function catalogFor(state: StateStore): MetricMetadataCatalog {
  if (catalog?.state !== state) catalog = { state, catalog: new MetricMetadataCatalog(state) };
  return catalog.catalog;
}

let guard: { metrics: MetricStore; limit: number; guard: CardinalityGuard } | undefined;

// Series count as active when they have samples in the last hour; each metric's list is re-read
// every ten minutes per container (on Timestream that is one small query per metric).
const ACTIVE_MS = 3_600_000;
const LOOKUP_TTL_MS = 600_000;

function guardFor(ports: Ports): CardinalityGuard {
  const limit = metricIngestSettings().limits.maxSeriesPerMetric;
  if (guard?.metrics !== ports.metrics || guard.limit !== limit) {
    const lookup = (metric: string) => {
      const end = ports.clock.now();
      return ports.metrics.findSeries({ matchers: [{ name: '__name__', op: '=', value: metric }], range: { start: end - ACTIVE_MS, end }, limit: limit + 1 });
    };
    guard = { metrics: ports.metrics, limit, guard: new CardinalityGuard(limit, lookup, () => ports.clock.now(), LOOKUP_TTL_MS) };
  }
  return guard.guard;
}

function metadataBody(body: unknown): RemoteWriteMetadata[] {
  if (!Array.isArray(body)) throw new Error('a metric-metadata body must be an array');
  return body.map((m: Partial<RemoteWriteMetadata>, i) => {
    if (typeof m?.metricFamilyName !== 'string') throw new Error(`metric-metadata[${i}] has no metricFamilyName`);
    return { metricFamilyName: m.metricFamilyName, type: String(m.type ?? 'unknown'), help: String(m.help ?? ''), unit: String(m.unit ?? '') };
  });
}

/**
 * Lambda entry of `metrics-writer`: `series` envelopes from the metrics stream into the
 * MetricStore, `metric-metadata` envelopes into the StateStore. Series of a metric already at
 * its active-series limit (`maxSeriesPerMetric`) are refused. A record with refused series fails
 * with the reasons (a partial batch failure, then the dead-letter queue), so nothing accepted at ingest disappears without a trace; the valid series of that
 * record are already stored, and storing them again on a retry is harmless (writes are idempotent).
 */
export const handler = streamProcessor('metrics-writer', {
  async series(envelope, ports) {
    const verdict = await guardFor(ports).check(decodeSeriesBody(envelope.body));
    const result = await ports.metrics.write(verdict.allowed);
    const rejected = [...verdict.refused, ...result.rejected];
    if (rejected.length > 0) {
      const shown = rejected.slice(0, 5).map((r) => `${JSON.stringify(r.labels)}: ${r.reason}`);
      throw new Error(`the metric store refused ${rejected.length} series (${result.accepted} samples stored): ${shown.join('; ')}`);
    }
  },
  async 'metric-metadata'(envelope, ports) {
    await catalogFor(ports.state).record(metadataBody(envelope.body));
  },
});
