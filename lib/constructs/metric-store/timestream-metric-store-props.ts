import { RemovalPolicy } from 'aws-cdk-lib';
import { IKey } from 'aws-cdk-lib/aws-kms';

/** Properties of {@link TimestreamMetricStore}. */
export interface TimestreamMetricStoreProps {
  /** Name of the Timestream database. */
  readonly databaseName: string;
  /**
   * Name of the raw table (one record per sample).
   * @default 'metrics'
   */
  readonly tableName?: string;
  /**
   * Name of the series table (one record per series per UTC day: series id to labels).
   * @default 'metric_series'
   */
  readonly seriesTableName?: string;
  /**
   * Name of the rollup table (5-minute multi-measure records written by the scheduled query).
   * @default 'metrics_5m'
   */
  readonly rollupTableName?: string;
  /** Customer-managed key of the database. */
  readonly encryptionKey: IKey;
  /**
   * Memory store retention of every table, hours (1..8766).
   * @default 24
   */
  readonly memoryStoreRetentionHours?: number;
  /**
   * Magnetic store retention of the raw table, days.
   * @default 90
   */
  readonly rawRetentionDays?: number;
  /**
   * Magnetic store retention of the series and rollup tables, days.
   * @default 730
   */
  readonly rollupRetentionDays?: number;
  /**
   * What happens to the database and tables when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
