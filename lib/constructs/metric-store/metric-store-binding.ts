import { PlatformFunction } from '../platform-function/platform-function';
import { PlatformGrants } from '../platform-function/platform-grants';

/**
 * What the functions need to know about the chosen metric store: plain strings (tokens of the
 * stateful stack), so the stateless stack can pass them as environment and grant on them.
 */
export type MetricStoreBinding =
  | {
      readonly kind: 'timestream';
      readonly databaseName: string;
      /** The raw table: one record per sample. */
      readonly tableName: string;
      readonly tableArn: string;
      /** The series table: series id to labels, one record per series per UTC day. */
      readonly seriesTableName: string;
      readonly seriesTableArn: string;
      /** The 5-minute rollup table, written by the scheduled query only. */
      readonly rollupTableName: string;
      readonly rollupTableArn: string;
      /** Days the raw table keeps samples (older ranges are answered from rollups). */
      readonly rawRetentionDays: number;
    }
  | {
      readonly kind: 'prometheus';
      readonly workspaceId: string;
      readonly workspaceArn: string;
      /** Region of the workspace (the stack's). */
      readonly region: string;
    };

/** Actions a function that reads metrics needs on the workspace (and nothing else). */
export const APS_QUERY_ACTIONS = ['aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata'];

/** Actions the metrics writer needs on the workspace. */
export const APS_WRITE_ACTIONS = ['aps:RemoteWrite'];

/**
 * The environment of the AWS composition root for the chosen store: `METRIC_STORE` plus
 * `TIMESTREAM_DATABASE`, `TIMESTREAM_TABLE`, `TIMESTREAM_SERIES_TABLE`, `TIMESTREAM_ROLLUP_TABLE`
 * and `METRICS_RAW_RETENTION_DAYS`, or `AMP_WORKSPACE_ID`/`AMP_REGION`.
 */
export function metricStoreEnvironment(binding: MetricStoreBinding): Record<string, string> {
  if (binding.kind === 'timestream') {
    return {
      METRIC_STORE: 'timestream',
      TIMESTREAM_DATABASE: binding.databaseName,
      TIMESTREAM_TABLE: binding.tableName,
      TIMESTREAM_SERIES_TABLE: binding.seriesTableName,
      TIMESTREAM_ROLLUP_TABLE: binding.rollupTableName,
      METRICS_RAW_RETENTION_DAYS: String(binding.rawRetentionDays),
    };
  }
  return { METRIC_STORE: 'prometheus', AMP_WORKSPACE_ID: binding.workspaceId, AMP_REGION: binding.region };
}

/** Lets `fn` write samples into the chosen store only (Timestream: the raw and series tables, never the rollups). */
export function grantMetricWrite(fn: PlatformFunction, binding: MetricStoreBinding): void {
  if (binding.kind === 'timestream') PlatformGrants.timestreamWrite(fn, [binding.tableArn, binding.seriesTableArn]);
  else fn.allow(APS_WRITE_ACTIONS, [binding.workspaceArn]);
}

/** Lets `fn` query the chosen store only (Timestream: raw, series and rollup tables). */
export function grantMetricQuery(fn: PlatformFunction, binding: MetricStoreBinding): void {
  if (binding.kind === 'timestream') PlatformGrants.timestreamQuery(fn, [binding.tableArn, binding.seriesTableArn, binding.rollupTableArn]);
  else fn.allow(APS_QUERY_ACTIONS, [binding.workspaceArn]);
}
