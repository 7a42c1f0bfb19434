import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { StateTableProps } from './state-table-props';

/**
 * The single DynamoDB table of platform state: `pk` holds the item kind, `sk` its id,
 * `expiresAt` (epoch seconds) lets DynamoDB expire items. Values too large for an item even
 * compressed (the alerting engine's state in a big incident) go to the values bucket under
 * `state-values/`, the item keeping a pointer and the version (dynamodb-state-store.ts).
 */
export class StateTable extends Construct {
  /** The table. */
  readonly table: Table;
  /** The bucket of values too large for an item. */
  readonly valuesBucket: Bucket;

  constructor(scope: Construct, id: string, props: StateTableProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.table = new Table(this, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.encryptionKey,
      timeToLiveAttribute: 'expiresAt',
      deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy,
    });
    // No expiry rule: a pointed-to object is live however old it is; the adapter deletes the
    // object an item no longer points to.
    this.valuesBucket = new Bucket(this, 'Values', {
      bucketName: props.valuesBucketName,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 'state-values/',
      lifecycleRules: [{ id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy,
      autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY,
    });
  }
}
