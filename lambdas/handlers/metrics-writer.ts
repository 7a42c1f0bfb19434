import type { RemoteWriteMetadata } from '../core/metrics/remote-write-codec';
import { MetricMetadataCatalog } from '../core/metrics/metric-metadata-catalog';
import { decodeSeriesBody } from '../core/metrics/series-body';
import type { StateStore } from '../core/ports';
import { streamProcessor } from './processors/stream-processor';

let catalog: { state: StateStore; catalog: MetricMetadataCatalog } | undefined;

// One catalog per state store, so its cache of written metadata lives as long as the container.
function catalogFor(state: StateStore): MetricMetadataCatalog {
  if (catalog?.state !== state) catalog = { state, catalog: new MetricMetadataCatalog(state) };
  return catalog.catalog;
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
 * MetricStore, `metric-metadata` envelopes into the StateStore. A record whose series the
 * store refuses fails with the store's reasons (a partial batch failure, then the dead-letter
 * queue), so nothing accepted at ingest disappears without a trace; the valid series of that
 * record are already stored, and storing them again on a retry is harmless (writes are idempotent).
 */
export const handler = streamProcessor('metrics-writer', {
  async series(envelope, ports) {
    const result = await ports.metrics.write(decodeSeriesBody(envelope.body));
    if (result.rejected.length > 0) {
      const shown = result.rejected.slice(0, 5).map((r) => `${JSON.stringify(r.labels)}: ${r.reason}`);
      throw new Error(`the metric store refused ${result.rejected.length} series (${result.accepted} samples stored): ${shown.join('; ')}`);
    }
  },
  async 'metric-metadata'(envelope, ports) {
    await catalogFor(ports.state).record(metadataBody(envelope.body));
  },
});
