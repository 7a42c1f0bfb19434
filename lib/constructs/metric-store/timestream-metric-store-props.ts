import { RemovalPolicy } from 'aws-cdk-lib';
import { IKey } from 'aws-cdk-lib/aws-kms';

/** Properties of {@link TimestreamMetricStore}. */
export interface TimestreamMetricStoreProps {
  /** Name of the Timestream database. */
  readonly databaseName: string;
  /**
   * Name of the metrics table.
   * @default 'metrics'
   */
  readonly tableName?: string;
  /** Customer-managed key of the database. */
  readonly encryptionKey: IKey;
  /**
   * Memory store retention in hours (1..8766).
   * @default 24
   */
  readonly memoryStoreRetentionHours?: number;
  /**
   * Magnetic store retention in days.
   * @default 365
   */
  readonly magneticStoreRetentionDays?: number;
  /**
   * What happens to the database and table when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
