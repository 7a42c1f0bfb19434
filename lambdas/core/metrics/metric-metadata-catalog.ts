import type { StateStore } from '../ports/state-store';
import type { RemoteWriteMetadata } from './remote-write-codec';

/** State kind under which metric metadata is kept, one item per metric family. */
export const METRIC_METADATA_STATE_KIND = 'metric-metadata';

/** Stored metadata of one metric family. */
export interface MetricMetadata {
  readonly type: string;
  readonly help: string;
  readonly unit: string;
}

/**
 * Metric metadata (type, help, unit) sent with remote_write and OTLP, kept in the StateStore.
 * Senders repeat the same metadata on every request, so `record` remembers what it last wrote
 * and only writes changes: a warm writer costs no state calls for unchanged metadata.
 */
export class MetricMetadataCatalog {
  private readonly written = new Map<string, string>();

  constructor(private readonly state: StateStore) {}

  /** Stores metadata that differs from what is stored; resolves with the number of items written. */
  async record(metadata: readonly RemoteWriteMetadata[]): Promise<number> {
    const latest = new Map<string, MetricMetadata>();
    for (const m of metadata) {
      if (m.metricFamilyName) latest.set(m.metricFamilyName, { type: m.type || 'unknown', help: m.help ?? '', unit: m.unit ?? '' });
    }
    let writes = 0;
    for (const [name, meta] of latest) {
      const key = JSON.stringify(meta);
      if (this.written.get(name) === key) continue;
      const stored = await this.state.get<MetricMetadata>(METRIC_METADATA_STATE_KIND, name);
      if (!stored || JSON.stringify(stored.value) !== key) {
        await this.state.put(METRIC_METADATA_STATE_KIND, name, meta);
        writes++;
      }
      if (this.written.size > 50_000) this.written.clear();
      this.written.set(name, key);
    }
    return writes;
  }

  /** The metadata of every metric family (or of one), by name. */
  async all(metric?: string): Promise<Map<string, MetricMetadata>> {
    const out = new Map<string, MetricMetadata>();
    if (metric !== undefined) {
      const item = await this.state.get<MetricMetadata>(METRIC_METADATA_STATE_KIND, metric);
      if (item) out.set(metric, item.value);
      return out;
    }
    let cursor: string | undefined;
    do {
      const page = await this.state.list<MetricMetadata>(METRIC_METADATA_STATE_KIND, { limit: 1000, cursor });
      for (const item of page.items) out.set(item.id, item.value);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }
}
