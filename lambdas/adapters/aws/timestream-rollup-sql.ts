import { createHash } from 'node:crypto';
import { seriesKey, type Labels } from '../../core/domain/series';
import { timestreamSql } from './timestream-sql';

/**
 * The Timestream side of 5-minute rollups, shared by the adapter (reads) and the CDK app
 * (the scheduled query that computes them), so both agree on names and windows.
 *
 * Three tables:
 * - the raw table: one record per sample, dimensions = labels, plus {@link SERIES_ID_DIMENSION};
 * - the series table: one record per series per UTC day it had samples, with the same
 *   dimensions; it outlives the raw table and maps a series id back to its labels;
 * - the rollup table: one multi-measure record per series and 5-minute bucket (time = bucket
 *   start), dimension {@link SERIES_ID_DIMENSION}, measure name = metric name, attributes
 *   {@link ROLLUP_ATTRIBUTES}, written by a scheduled query every hour for the hour that ended
 *   an hour before (so samples up to an hour late are still rolled up).
 *
 * A scheduled query names its dimension columns when it is created, and metric labels vary per
 * series, so the rollups are grouped by a fixed-width series id instead of by every label.
 */

/** Dimension holding {@link seriesId}; `timestreamSql.dimensionName` escapes a label of this name. */
export const SERIES_ID_DIMENSION = '__series_id';

/** Multi-measure attributes of a rollup record, in the order of the scheduled query's columns. */
export const ROLLUP_ATTRIBUTES = [
  { name: 'min_value', type: 'DOUBLE' },
  { name: 'max_value', type: 'DOUBLE' },
  { name: 'sum_value', type: 'DOUBLE' },
  { name: 'sample_count', type: 'BIGINT' },
  { name: 'last_value', type: 'DOUBLE' },
] as const;

/** Column of the scheduled query's result that becomes the rollup record's time. */
export const ROLLUP_TIME_COLUMN = 'bucket_start';

/**
 * When the scheduled query runs and what it reads: hourly at minute 0 (UTC), the whole hour
 * `[runtime - 2h, runtime - 1h)`: twelve complete buckets, each computed once.
 */
export const ROLLUP_SCHEDULE = { expression: 'cron(0 * * * ? *)', lagMs: 3_600_000, spanMs: 3_600_000 } as const;

/** The series id: 16 hex digits of SHA-256 over the canonical label set (metric name included). */
export function seriesId(labels: Labels): string {
  return createHash('sha256').update(seriesKey(labels)).digest('hex').slice(0, 16);
}

/** Start of the UTC day holding a time, in milliseconds: the time of a series-table record. */
export function dayStartOf(timestamp: number): number {
  return Math.floor(timestamp / 86_400_000) * 86_400_000;
}

/** The scheduled query's SQL: the five aggregates of every series over each 5-minute bucket of the window. */
export function rollupQueryString(database: string, rawTable: string): string {
  const id = timestreamSql.identifier(SERIES_ID_DIMENSION);
  const v = 'measure_value::double';
  const lag = ROLLUP_SCHEDULE.lagMs / 3_600_000;
  const from = (ROLLUP_SCHEDULE.lagMs + ROLLUP_SCHEDULE.spanMs) / 3_600_000;
  return [
    `SELECT ${id}, measure_name, bin(time, 5m) AS ${ROLLUP_TIME_COLUMN},`,
    `  min(${v}) AS min_value, max(${v}) AS max_value, sum(${v}) AS sum_value,`,
    `  count(${v}) AS sample_count, max_by(${v}, time) AS last_value`,
    `FROM ${timestreamSql.table(database, rawTable)}`,
    `WHERE time >= @scheduled_runtime - (interval '${from}' hour) AND time < @scheduled_runtime - (interval '${lag}' hour)`,
    `  AND ${id} IS NOT NULL AND measure_value::double IS NOT NULL`,
    `GROUP BY ${id}, measure_name, bin(time, 5m)`,
  ].join('\n');
}

/** The scheduled query's target: how its result columns become rollup records. */
export function rollupTarget(database: string, rollupTable: string) {
  return {
    databaseName: database,
    tableName: rollupTable,
    timeColumn: ROLLUP_TIME_COLUMN,
    dimensionMappings: [{ name: SERIES_ID_DIMENSION, dimensionValueType: 'VARCHAR' }],
    measureNameColumn: 'measure_name',
    multiMeasureMappings: {
      multiMeasureAttributeMappings: ROLLUP_ATTRIBUTES.map((a) => ({ sourceColumn: a.name, measureValueType: a.type })),
    },
  };
}
