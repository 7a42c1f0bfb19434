import { RemovalPolicy } from 'aws-cdk-lib';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { IBucket } from 'aws-cdk-lib/aws-s3';

/** Properties of {@link StateTable}. */
export interface StateTableProps {
  /** Physical table name. */
  readonly tableName: string;
  /** Customer-managed key of the table and of the values bucket. */
  readonly encryptionKey: IKey;
  /** Physical name of the bucket holding values too large for an item. */
  readonly valuesBucketName: string;
  /** Bucket receiving the values bucket's server access logs. */
  readonly accessLogBucket: IBucket;
  /**
   * What happens to the table when the stack is deleted; RETAIN also turns on deletion protection.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
