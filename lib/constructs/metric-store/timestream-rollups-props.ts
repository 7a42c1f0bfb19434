import { IKey } from 'aws-cdk-lib/aws-kms';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { TimestreamMetricStore } from './timestream-metric-store';

/** Properties of {@link TimestreamRollups}. */
export interface TimestreamRollupsProps {
  /** Name of the scheduled query (1-64 characters; letters, digits and `|!-_*'()` first, then also `/` and `.`). */
  readonly scheduledQueryName: string;
  /** The database whose raw table is read and whose rollup table is written. */
  readonly store: TimestreamMetricStore;
  /**
   * Customer-managed key of the database; it also encrypts the scheduled query and, with
   * SSE-KMS, its error reports (Timestream uses the scheduled query's key for them).
   */
  readonly encryptionKey: IKey;
  /** Bucket receiving error reports of failed runs. */
  readonly errorReportBucket: IBucket;
  /**
   * Key prefix of the error reports in the bucket.
   * @default 'timestream-scheduled-query-errors/'
   */
  readonly errorReportPrefix?: string;
  /** Topic receiving the scheduled query's status notifications (KMS-encrypted: its key is granted too). */
  readonly notificationTopic: ITopic;
  /**
   * The `metric-store-seed` function, run as a custom resource before the scheduled query is
   * created or changed: Timestream refuses a scheduled query naming columns its (new, empty)
   * source table does not have yet, and one sample written by the store creates them. The
   * custom resource depends on the whole construct (the function and its role's policy).
   */
  readonly seedFunction: Construct & { readonly fn: IFunction };
}
