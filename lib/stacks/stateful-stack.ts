import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { IStream } from 'aws-cdk-lib/aws-kinesis';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { IBucket } from 'aws-cdk-lib/aws-s3';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { PlatformConfig, serviceLogGroupPrefix } from '../config';
import { AlertTopics, Severity } from '../constructs/alerting/alert-topics';
import { PlatformKeys } from '../constructs/encryption/platform-keys';
import { LogArchive } from '../constructs/log-archive/log-archive';
import { LogGroupSubscriptions } from '../constructs/log-pipeline/log-group-subscriptions';
import { AuditArchive } from '../constructs/monitoring-api/audit-archive';
import { grantMetricWrite, MetricStoreBinding, metricStoreEnvironment } from '../constructs/metric-store/metric-store-binding';
import { PrometheusMetricStore } from '../constructs/metric-store/prometheus-metric-store';
import { TimestreamMetricStore } from '../constructs/metric-store/timestream-metric-store';
import { TimestreamRollups } from '../constructs/metric-store/timestream-rollups';
import { PlatformFunction } from '../constructs/platform-function/platform-function';
import { StateTable } from '../constructs/state-store/state-table';
import { LogSubscriptionRole } from '../constructs/telemetry-streams/log-subscription-role';
import { Signal, TelemetryStreams } from '../constructs/telemetry-streams/telemetry-streams';

/** What the stateless stack needs to know about the stateful one. */
export interface PlatformData {
  /** Key for data at rest (queues and log groups of the stateless stack use it too). */
  readonly dataKey: IKey;
  /** The telemetry stream of each signal. */
  readonly streams: Record<Signal, IStream>;
  /** The stream names as plain strings, for dashboards. */
  readonly streamNames: Record<Signal, string>;
  /** The metric store chosen by `metricStore` (Timestream table or AMP workspace). */
  readonly metricStore: MetricStoreBinding;
  /** Platform state table. */
  readonly stateTable: ITable;
  /** Bucket of state values too large for an item (built from pseudo parameters, like the archive's). */
  readonly stateValuesBucketName: string;
  /** ARN of the state values bucket. */
  readonly stateValuesBucketArn: string;
  /**
   * Name of the raw telemetry archive bucket. Built from pseudo parameters rather than a
   * reference, so it is the same string in either stack and IAM findings name it plainly.
   */
  readonly archiveBucketName: string;
  /** ARN of the archive bucket. */
  readonly archiveBucketArn: string;
  /** The audit trail's Object Lock bucket. */
  readonly auditBucketName: string;
  readonly auditBucketArn: string;
  /** Alert topics by severity. */
  readonly topics: Record<Severity, ITopic>;
}

/** What the metric store is built with. */
interface MetricStoreDependencies {
  readonly key: IKey;
  readonly removalPolicy: RemovalPolicy;
  /** Bucket for the scheduled query's error reports. */
  readonly errorBucket: IBucket;
  /** Topic for the scheduled query's notifications. */
  readonly topic: ITopic;
}

/** Properties of {@link StatefulStack}. */
export interface StatefulStackProps extends StackProps {
  /** Validated platform settings. */
  readonly config: PlatformConfig;
}

/**
 * Everything that holds data: keys, streams, the metric store, the state table, the
 * archive and the alert topics. Retained on deletion unless `retainData` is false.
 */
export class StatefulStack extends Stack {
  /** Handles for the stateless stack. */
  readonly data: PlatformData;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const keys = new PlatformKeys(this, 'Keys', { prefix: config.prefix, removalPolicy });
    const streams = new TelemetryStreams(this, 'Streams', {
      prefix: config.prefix,
      encryptionKey: keys.dataKey,
      mode: config.kinesisMode,
      shardCount: config.kinesisShards,
      removalPolicy,
    });
    const bucketSuffix = `${Aws.ACCOUNT_ID}-${Aws.REGION}`;
    const archiveBucketName = `${config.prefix}-archive-${bucketSuffix}`;
    const archive = new LogArchive(this, 'Archive', {
      bucketName: archiveBucketName,
      accessLogBucketName: `${config.prefix}-access-logs-${bucketSuffix}`,
      encryptionKey: keys.dataKey,
      infrequentAccessDays: config.archiveInfrequentAccessDays,
      glacierDays: config.archiveGlacierDays,
      expirationDays: config.archiveExpirationDays,
      removalPolicy,
    });
    const stateValuesBucketName = `${config.prefix}-state-${bucketSuffix}`;
    const state = new StateTable(this, 'State', {
      tableName: `${config.prefix}-state`,
      encryptionKey: keys.dataKey,
      valuesBucketName: stateValuesBucketName,
      accessLogBucket: archive.accessLogBucket,
      removalPolicy,
    });
    const auditBucketName = `${config.prefix}-audit-${bucketSuffix}`;
    new AuditArchive(this, 'Audit', { bucketName: auditBucketName, encryptionKey: keys.dataKey, accessLogBucket: archive.accessLogBucket, retentionDays: config.auditRetentionDays, mode: config.auditLockMode });
    const alerts = new AlertTopics(this, 'Alerts', {
      prefix: config.prefix,
      encryptionKey: keys.alertsKey,
      alarmEmail: config.alarmEmail,
      removalPolicy,
    });
    const metricStore = this.metricStore(config, { key: keys.dataKey, removalPolicy, errorBucket: archive.bucket, topic: alerts.topics.info });

    const subscription = new LogSubscriptionRole(this, 'LogSubscription', { stream: streams.streams.logs });
    new CfnOutput(this, 'LogsStreamArn', {
      description: 'Destination for CloudWatch Logs subscription filters (aws logs put-subscription-filter --destination-arn)',
      value: streams.streams.logs.streamArn,
    });
    new CfnOutput(this, 'LogsSubscriptionRoleArn', {
      description: 'Role for CloudWatch Logs subscription filters (--role-arn)',
      value: subscription.role.roleArn,
    });
    // `-c logSubscriptions=/aws/lambda/a,/ecs/b`: filters live next to the stream and the role they
    // name. The log processor's group and the service groups it writes would loop, so they are refused.
    if (config.logSubscriptions) {
      const subscriptions = new LogGroupSubscriptions(this, 'LogSubscriptions', {
        logGroupNames: config.logSubscriptions,
        stream: streams.streams.logs,
        role: subscription.role,
        excludedLogGroupNames: [`/aws/lambda/${config.prefix}-log-processor`],
        excludedPrefixes: [serviceLogGroupPrefix(config)],
      });
      // CloudWatch Logs test-delivers when the filter is created: the role's stream policy must exist first.
      subscriptions.node.addDependency(subscription.role);
    }

    this.data = {
      dataKey: keys.dataKey,
      streams: streams.streams,
      streamNames: streams.streamNames,
      metricStore,
      stateTable: state.table,
      stateValuesBucketName,
      stateValuesBucketArn: `arn:${Aws.PARTITION}:s3:::${stateValuesBucketName}`,
      archiveBucketName,
      archiveBucketArn: `arn:${Aws.PARTITION}:s3:::${archiveBucketName}`,
      auditBucketName,
      auditBucketArn: `arn:${Aws.PARTITION}:s3:::${auditBucketName}`,
      topics: alerts.topics,
    };
  }

  /** Creates only the chosen metric store (Timestream: with the scheduled query computing rollups). */
  private metricStore(config: PlatformConfig, deps: MetricStoreDependencies): MetricStoreBinding {
    const { key, removalPolicy } = deps;
    if (config.metricStore === 'prometheus') {
      const amp = new PrometheusMetricStore(this, 'PrometheusMetricStore', {
        alias: `${config.prefix}-metrics`,
        encryptionKey: key,
        retentionDays: config.prometheusRetentionDays,
        removalPolicy,
      });
      return { kind: 'prometheus', workspaceId: amp.workspaceId, workspaceArn: amp.workspaceArn, region: Aws.REGION };
    }
    const timestream = new TimestreamMetricStore(this, 'MetricStore', {
      databaseName: config.prefix,
      encryptionKey: key,
      memoryStoreRetentionHours: config.memoryStoreRetentionHours,
      rawRetentionDays: config.metricRawRetentionDays,
      rollupRetentionDays: config.metricRollupRetentionDays,
      removalPolicy,
    });
    const binding: MetricStoreBinding = {
      kind: 'timestream',
      databaseName: timestream.database.ref,
      tableName: timestream.table.attrName,
      tableArn: timestream.table.attrArn,
      seriesTableName: timestream.seriesTable.attrName,
      seriesTableArn: timestream.seriesTable.attrArn,
      rollupTableName: timestream.rollupTable.attrName,
      rollupTableArn: timestream.rollupTable.attrArn,
      rawRetentionDays: config.metricRawRetentionDays,
    };
    // Writes one sample through the store at deploy time, so the new raw table has the columns
    // the scheduled query names (Timestream validates them when the query is created).
    const seed = new PlatformFunction(this, 'MetricStoreSeed', {
      name: 'metric-store-seed',
      prefix: config.prefix,
      environment: metricStoreEnvironment(binding),
      memorySize: 256,
      timeout: Duration.seconds(60),
      logRetention: config.logRetentionDays as RetentionDays,
      logEncryptionKey: key,
    });
    grantMetricWrite(seed, binding);
    // Failed runs report to the archive bucket; status changes go to the info topic.
    new TimestreamRollups(this, 'MetricRollups', {
      scheduledQueryName: `${config.prefix}-metrics-5m-rollup`,
      store: timestream,
      encryptionKey: key,
      errorReportBucket: deps.errorBucket,
      notificationTopic: deps.topic,
      seedFunction: seed,
    });
    return binding;
  }
}
