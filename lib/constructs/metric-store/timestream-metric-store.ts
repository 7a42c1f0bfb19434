import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-timestream';
import { Construct } from 'constructs';
import { TimestreamMetricStoreProps } from './timestream-metric-store-props';

/** Timestream for LiveAnalytics database and `metrics` table (L1 only: no L2 exists). */
export class TimestreamMetricStore extends Construct {
  /** The database. */
  readonly database: CfnDatabase;
  /** The metrics table. */
  readonly table: CfnTable;

  constructor(scope: Construct, id: string, props: TimestreamMetricStoreProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.database = new CfnDatabase(this, 'Database', {
      databaseName: props.databaseName,
      kmsKeyId: props.encryptionKey.keyArn,
    });
    this.database.applyRemovalPolicy(removalPolicy);
    // retentionProperties and magneticStoreWriteProperties are typed `any` and passed through
    // unchanged, so they need CloudFormation key names and string values.
    this.table = new CfnTable(this, 'Table', {
      databaseName: this.database.ref,
      tableName: props.tableName ?? 'metrics',
      retentionProperties: {
        MemoryStoreRetentionPeriodInHours: String(props.memoryStoreRetentionHours ?? 24),
        MagneticStoreRetentionPeriodInDays: String(props.magneticStoreRetentionDays ?? 365),
      },
      // Remote-write and OTLP clients resend late samples; without magnetic writes Timestream
      // rejects anything older than the memory store retention.
      magneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
    });
    this.table.applyRemovalPolicy(removalPolicy);
    for (const resource of [this.database, this.table]) {
      Validations.of(resource).acknowledge({
        id: 'CloudFormation-Validate::W3697',
        reason: 'Timestream for LiveAnalytics is in maintenance mode (closed to new customers since 2025-06-20); it stays the metric store for accounts that have it, behind the MetricStore port; other accounts choose metricStore=prometheus (Amazon Managed Service for Prometheus).',
      });
    }
  }
}
