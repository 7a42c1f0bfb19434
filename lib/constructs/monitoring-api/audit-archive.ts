import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, IBucket, ObjectLockRetention } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Properties of {@link AuditArchive}. */
export interface AuditArchiveProps {
  readonly bucketName: string;
  /** Key that encrypts the records (SSE-KMS). */
  readonly encryptionKey: IKey;
  /**
   * How long each record is locked against deletion and overwrite, days.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * `governance` (users with s3:BypassGovernanceRetention may still delete) or `compliance`
   * (nobody may, not even the root user, until the retention ends).
   * @default 'governance'
   */
  readonly mode?: 'governance' | 'compliance';
  /**
   * Where the bucket's server access logs go.
   * @default - no server access logs
   */
  readonly accessLogBucket?: IBucket;
}

/**
 * The audit trail's write-once copy: a versioned bucket with S3 Object Lock (a default
 * retention on every object), SSE-KMS, TLS-only access and no public access, apart from the
 * expiring telemetry archive. Always retained: locked objects outlive any stack.
 */
export class AuditArchive extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AuditArchiveProps) {
    super(scope, id);
    const days = Duration.days(props.retentionDays ?? 365);
    this.bucket = new Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: props.mode === 'compliance' ? ObjectLockRetention.compliance(days) : ObjectLockRetention.governance(days),
      encryption: BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      ...(props.accessLogBucket && { serverAccessLogsBucket: props.accessLogBucket, serverAccessLogsPrefix: 'audit/' }),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
