import { RemovalPolicy } from 'aws-cdk-lib';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-timestream';
import { Construct } from 'constructs';
import { acknowledgeTimestreamMaintenance } from './acknowledge-timestream-maintenance';
import { TimestreamMetricStoreProps } from './timestream-metric-store-props';

/**
 * Timestream for LiveAnalytics database with the raw `metrics` table, the `metric_series`
 * table (series id to labels, one record per series per day) and the `metrics_5m` rollup
 * table (L1 only: no L2 exists). Series and rollups outlive the raw samples.
 */
export class TimestreamMetricStore extends Construct {
  /** The database. */
  readonly database: CfnDatabase;
  /** The raw metrics table. */
  readonly table: CfnTable;
  /** The series table. */
  readonly seriesTable: CfnTable;
  /** The 5-minute rollup table. */
  readonly rollupTable: CfnTable;

  constructor(scope: Construct, id: string, props: TimestreamMetricStoreProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const memoryHours = props.memoryStoreRetentionHours ?? 24;
    this.database = new CfnDatabase(this, 'Database', {
      databaseName: props.databaseName,
      kmsKeyId: props.encryptionKey.keyArn,
    });
    this.database.applyRemovalPolicy(removalPolicy);
    const table = (tableId: string, tableName: string, magneticDays: number): CfnTable => {
      const t = new CfnTable(this, tableId, {
        databaseName: this.database.ref,
        tableName,
        // retentionProperties and magneticStoreWriteProperties are typed `any` and passed through
        // unchanged, so they need CloudFormation key names and string values.
        retentionProperties: {
          MemoryStoreRetentionPeriodInHours: String(memoryHours),
          MagneticStoreRetentionPeriodInDays: String(magneticDays),
        },
        // Raw: remote-write and OTLP clients resend late samples. Series: records carry the start
        // of their UTC day. Rollups: the scheduled query writes buckets an hour old or more.
        // Without magnetic writes Timestream rejects anything older than the memory retention.
        magneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
      });
      t.applyRemovalPolicy(removalPolicy);
      return t;
    };
    this.table = table('Table', props.tableName ?? 'metrics', props.rawRetentionDays ?? 90);
    this.seriesTable = table('SeriesTable', props.seriesTableName ?? 'metric_series', props.rollupRetentionDays ?? 730);
    this.rollupTable = table('RollupTable', props.rollupTableName ?? 'metrics_5m', props.rollupRetentionDays ?? 730);
    for (const resource of [this.database, this.table, this.seriesTable, this.rollupTable]) acknowledgeTimestreamMaintenance(resource);
  }
}
