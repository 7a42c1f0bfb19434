import type { MetricStore } from '../core/ports/metric-store';
import { getPorts } from './composition/ports-provider';
import { scheduledJob, type JobSummary } from './jobs/scheduled-job';

const DAY_MS = 86_400_000;

/** A metric store that keeps its own rollups (the local SQLite store); Timestream does this with scheduled queries. */
interface CompactingStore {
  compact(now: number, retention: { rawRetentionMs: number; rollupRetentionMs: number }): Promise<JobSummary>;
}

/** Reads a retention in days from the environment, falling back when unset or not a positive number. */
function retentionDays(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function compacting(store: MetricStore): store is MetricStore & CompactingStore {
  return typeof (store as Partial<CompactingStore>).compact === 'function';
}

/**
 * Lambda-style entry of `metrics-compaction` (hourly in the local runtime): rolls raw samples older
 * than `METRICS_RAW_RETENTION_DAYS` (90) into 5-minute rollups and drops rollups older than
 * `METRICS_ROLLUP_RETENTION_DAYS` (730). Stores without `compact` (Timestream) are left alone.
 */
export const handler = scheduledJob('metrics-compaction', 'metrics', async () => {
  const { metrics, clock } = getPorts();
  if (!compacting(metrics)) return { skipped: 'metric store compacts itself' };
  return metrics.compact(clock.now(), {
    rawRetentionMs: retentionDays('METRICS_RAW_RETENTION_DAYS', 90) * DAY_MS,
    rollupRetentionMs: retentionDays('METRICS_ROLLUP_RETENTION_DAYS', 730) * DAY_MS,
  });
});
