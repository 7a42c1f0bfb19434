import type { Series } from '../../core/domain/series';
import type { RemoteWriteMetadata } from '../../core/metrics/remote-write-codec';
import { batchSeries } from '../../core/metrics/series-batcher';
import type { Rejection } from '../../core/metrics/series-validator';
import type { Ports } from '../../core/ports';
import type { MetricIngestSettings } from './metric-ingest-settings';
import { writeToStream, type Accepted } from './stream-writer';

/** Envelope kind of metric metadata (type, help, unit per metric family) on the metrics stream. */
export const METRIC_METADATA_KIND = 'metric-metadata';

/** What {@link acceptSeries} put on the stream. */
export interface AcceptedSeries {
  readonly series: number;
  readonly samples: number;
  readonly records: number;
}

/**
 * Puts validated series on the metrics stream, split into records partitioned by series,
 * plus one metadata record when there is metadata. Resolves once the records are durable.
 */
export async function acceptSeries(
  ports: Pick<Ports, 'stream' | 'clock'>,
  series: readonly Series[],
  metadata: readonly RemoteWriteMetadata[],
  settings: MetricIngestSettings,
): Promise<AcceptedSeries> {
  const batches = batchSeries(series, { partitions: settings.partitions });
  const payloads: Accepted[] = batches.map((b) => ({ kind: 'series', body: b.body, partitionKey: b.partitionKey }));
  const meta = metadata.filter((m) => m.metricFamilyName !== '');
  if (meta.length > 0) payloads.push({ kind: METRIC_METADATA_KIND, body: meta, partitionKey: 'metric-metadata' });
  await writeToStream(ports, 'metrics', payloads);
  return { series: series.length, samples: batches.reduce((n, b) => n + b.samples, 0), records: payloads.length };
}

/** The rejections as error details and a one-line summary, as Prometheus' receiver reports partial errors. */
export function describeRejections(rejections: readonly Rejection[]): { summary: string; details: Record<string, unknown>[] } {
  const details = rejections.map((r) => ({ reason: r.reason, series: r.series, samples: r.samples, example: r.example }));
  const summary = rejections.map((r) => `${r.reason}: ${r.series} series, ${r.samples} samples (e.g. ${r.example})`).join('; ');
  return { summary, details };
}
