import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PlatformConfig, serviceLogGroupPrefix } from '../config';
import { ConsoleDashboards } from '../constructs/console-dashboards/console-dashboards';
import { PlatformApi } from '../constructs/monitoring-api/platform-api';
import { ROLE_TIERS, tierUsageKey } from '../constructs/monitoring-api/role-tiers';
import { FailureQueue } from '../constructs/platform-function/failure-queue';
import { PlatformFunction } from '../constructs/platform-function/platform-function';
import { PlatformGrants } from '../constructs/platform-function/platform-grants';
import { grantMetricQuery, grantMetricWrite, metricStoreEnvironment } from '../constructs/metric-store/metric-store-binding';
import { ScheduledJob } from '../constructs/scheduled-jobs/scheduled-job';
import { StatusPage } from '../constructs/status-page/status-page';
import { PlatformAlarms } from '../constructs/self-monitoring/platform-alarms';
import { StreamProcessor } from '../constructs/stream-processing/stream-processor';
import { PlatformData } from './stateful-stack';

/** Every platform function, by short name (also its entry file in lambdas/handlers). */
export const FUNCTION_NAMES = [
  'api',
  'ingest',
  'metrics-writer',
  'log-processor',
  'trace-processor',
  'alert-evaluator',
  'escalation',
  'sla-report',
  'capacity-forecast',
  'synthetic-checks',
  'metrics-datasource',
  'authorizer',
] as const;

/** One of {@link FUNCTION_NAMES}. */
export type FunctionName = (typeof FUNCTION_NAMES)[number];

const TIMEOUTS: Record<FunctionName, Duration> = {
  api: Duration.seconds(29),
  ingest: Duration.seconds(15),
  'metrics-writer': Duration.seconds(60),
  'log-processor': Duration.seconds(60),
  'trace-processor': Duration.seconds(60),
  // Up to 50 s of rounds inside one invocation (ALERT_EVALUATOR_WINDOW_MS) plus delivery.
  'alert-evaluator': Duration.seconds(75),
  escalation: Duration.seconds(55),
  'sla-report': Duration.minutes(5),
  'capacity-forecast': Duration.minutes(5),
  'synthetic-checks': Duration.seconds(55),
  'metrics-datasource': Duration.seconds(30),
  authorizer: Duration.seconds(5),
};

/** Scheduled jobs: schedule, delivery retries and how long a delivery stays useful. */
const JOBS = {
  'alert-evaluator': { every: Duration.minutes(1), retryAttempts: 2, maxEventAge: Duration.minutes(2) },
  escalation: { every: Duration.minutes(1), retryAttempts: 2, maxEventAge: Duration.minutes(2) },
  'sla-report': { every: Duration.hours(1), retryAttempts: 5, maxEventAge: Duration.minutes(30) },
  'capacity-forecast': { every: Duration.days(1), retryAttempts: 5, maxEventAge: Duration.hours(6) },
  'synthetic-checks': { every: Duration.minutes(1), retryAttempts: 1, maxEventAge: Duration.minutes(1) },
} as const;

type JobName = keyof typeof JOBS;

/** Properties of {@link StatelessStack}. */
export interface StatelessStackProps extends StackProps {
  /** Validated platform settings. */
  readonly config: PlatformConfig;
  /** Handles from the stateful stack. */
  readonly data: PlatformData;
}

/** Functions, stream processing, the REST API, schedules, dashboards and self-monitoring alarms. */
export class StatelessStack extends Stack {
  /** Every platform function by short name. */
  readonly functions: Record<FunctionName, PlatformFunction>;
  /** The REST API. */
  readonly api: PlatformApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    const logGroupPrefix = serviceLogGroupPrefix(config);
    const environment: Record<string, string> = {
      METRICS_STREAM_NAME: data.streams.metrics.streamName,
      LOGS_STREAM_NAME: data.streams.logs.streamName,
      TRACES_STREAM_NAME: data.streams.traces.streamName,
      STATE_TABLE_NAME: data.stateTable.tableName,
      STATE_VALUES_BUCKET: data.stateValuesBucketName,
      ...metricStoreEnvironment(data.metricStore),
      ARCHIVE_BUCKET: data.archiveBucketName,
      ALERT_TOPIC_CRITICAL_ARN: data.topics.critical.topicArn,
      ALERT_TOPIC_WARNING_ARN: data.topics.warning.topicArn,
      ALERT_TOPIC_INFO_ARN: data.topics.info.topicArn,
      LOG_GROUP_PREFIX: logGroupPrefix,
      METRICS_NAMESPACE: config.metricsNamespace,
      // Secret references (ssm:/<prefix>/..., secretsmanager:<prefix>/...) are read under this prefix only.
      SECRET_NAME_PREFIX: config.prefix,
    };

    const queues: Record<string, IQueue> = {};
    const failureQueue = (name: string): IQueue => {
      const queue = new FailureQueue(this, `${name}-dlq`, { queueName: `${config.prefix}-${name}-dlq`, encryptionKey: data.dataKey }).queue;
      queues[`${name}-dlq`] = queue;
      return queue;
    };
    const make = (name: FunctionName): PlatformFunction =>
      new PlatformFunction(this, name, {
        name,
        prefix: config.prefix,
        environment,
        memorySize: config.lambdaMemoryMb,
        timeout: TIMEOUTS[name],
        logRetention: config.logRetentionDays as RetentionDays,
        logEncryptionKey: data.dataKey,
        deadLetterQueue: name in JOBS ? failureQueue(name) : undefined,
      });
    this.functions = Object.fromEntries(FUNCTION_NAMES.map((name) => [name, make(name)])) as Record<FunctionName, PlatformFunction>;
    const fns = this.functions;

    // Ingest only appends to the streams.
    PlatformGrants.streamWrite(fns.ingest, Object.values(data.streams));

    // Processors: their stream (granted by the event source) and their store.
    const processors = { metrics: fns['metrics-writer'], logs: fns['log-processor'], traces: fns['trace-processor'] };
    for (const [signal, processor] of Object.entries(processors) as [keyof typeof processors, PlatformFunction][]) {
      const pipeline = new StreamProcessor(this, `${signal}-processing`, {
        stream: data.streams[signal],
        processor,
        failureQueueName: `${config.prefix}-${signal}-dlq`,
        encryptionKey: data.dataKey,
      });
      queues[`${signal}-dlq`] = pipeline.failureQueue;
    }
    // The trace processor's tail-sampling buffer settles on a timer too, so an idle shard
    // still releases the traces waiting for a decision.
    new ScheduledJob(this, 'trace-processor-tick-schedule', {
      scheduleName: `${config.prefix}-trace-processor-tick`,
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      job: fns['trace-processor'],
      deadLetterQueue: failureQueue('trace-processor-tick'),
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
    });
    grantMetricWrite(fns['metrics-writer'], data.metricStore);
    // The processors keep state too: metric metadata (metrics-writer), batch markers, service
    // enrichment and security events (log-processor), the tail-sampling buffer (trace-processor).
    const stateValues = { bucketArn: data.stateValuesBucketArn, key: data.dataKey };
    for (const processor of Object.values(processors)) PlatformGrants.stateReadWrite(processor, data.stateTable, stateValues);
    // The cardinality guard looks up each metric's active series before writing.
    grantMetricQuery(fns['metrics-writer'], data.metricStore);
    // Derived series: log_records_total / log_pattern_records_total per service, and span metrics.
    grantMetricWrite(fns['log-processor'], data.metricStore);
    grantMetricWrite(fns['trace-processor'], data.metricStore);
    // Security events found in logs (a burst of failed logins) are notified.
    for (const topic of Object.values(data.topics)) topic.grantPublish(fns['log-processor'].role);
    PlatformGrants.serviceLogsWrite(fns['log-processor'], logGroupPrefix);
    PlatformGrants.archiveWrite(fns['log-processor'], data.archiveBucketArn, data.dataKey);
    // Masking, logCopy and security thresholds (`-c logProcessorConfig=<JSON>`); unset: the handler's defaults.
    if (config.logProcessorConfig) fns['log-processor'].fn.addEnvironment('LOG_PROCESSOR_CONFIG', config.logProcessorConfig);
    PlatformGrants.xrayWrite(fns['trace-processor']);

    // The read side: every store, read-only except the state table.
    grantMetricQuery(fns.api, data.metricStore);
    // GET /ready describes the telemetry streams.
    fns.api.allow(['kinesis:DescribeStreamSummary'], Object.values(data.streams).map((stream) => stream.streamArn));
    PlatformGrants.stateReadWrite(fns.api, data.stateTable, stateValues);
    PlatformGrants.serviceLogsQuery(fns.api, logGroupPrefix);
    PlatformGrants.xrayRead(fns.api);
    PlatformGrants.archiveRead(fns.api, data.archiveBucketArn, data.dataKey);

    // Jobs: state, metric queries and notifications.
    for (const job of Object.keys(JOBS) as JobName[]) {
      PlatformGrants.stateReadWrite(fns[job], data.stateTable, stateValues);
      grantMetricQuery(fns[job], data.metricStore);
      for (const topic of Object.values(data.topics)) topic.grantPublish(fns[job].role);
      const spec = JOBS[job];
      new ScheduledJob(this, `${job}-schedule`, {
        scheduleName: `${config.prefix}-${job}`,
        schedule: ScheduleExpression.rate(spec.every),
        job: fns[job],
        deadLetterQueue: queues[`${job}-dlq`],
        retryAttempts: spec.retryAttempts,
        maxEventAge: spec.maxEventAge,
      });
    }

    // The hourly SLA job also judges recent deployments from their traces (deployment.regressed).
    PlatformGrants.xrayRead(fns['sla-report']);

    // The evaluator writes ALERTS, ALERTS_FOR_STATE and recording-rule output; one run at a time
    // (a second only loses the version race on the engine state, but wastes a round).
    grantMetricWrite(fns['alert-evaluator'], data.metricStore);
    fns['alert-evaluator'].fn.addEnvironment('ALERT_EVALUATOR_WINDOW_MS', '50000');
    // Receivers may name their keys and URLs by reference; only the evaluator delivers to them.
    PlatformGrants.secretRefsRead(fns['alert-evaluator'], config.prefix);

    // The capacity report reads the platform's own resources from CloudWatch; it is told what they are.
    const capacityConfig = JSON.stringify({
      functions: FUNCTION_NAMES.map((name) => ({ name: `${config.prefix}-${name}`, memoryMb: config.lambdaMemoryMb, timeoutMs: TIMEOUTS[name].toMilliseconds() })),
      streams: Object.values(data.streamNames).map((name) => ({ name, shards: config.kinesisMode === 'onDemand' ? 4 : config.kinesisShards })),
      tables: [{ name: `${config.prefix}-state`, billing: 'on-demand' }],
    });
    for (const reader of [fns.api, fns['capacity-forecast']]) {
      PlatformGrants.cloudWatchMetricsRead(reader);
      reader.fn.addEnvironment('CAPACITY_CONFIG', capacityConfig);
    }

    // Synthetic checks write probe series and one log record per probe, and publish the status page.
    const checks = fns['synthetic-checks'];
    grantMetricWrite(checks, data.metricStore);
    PlatformGrants.serviceLogsWrite(checks, logGroupPrefix);
    const statusPage = new StatusPage(this, 'StatusPage', { prefix: config.prefix, publishers: [checks.role] });
    checks.fn.addEnvironment('STATUS_BUCKET', statusPage.bucket.bucketName);

    // The custom data source behind LAMBDA() in dashboards and alarms.
    grantMetricQuery(fns['metrics-datasource'], data.metricStore);
    fns['metrics-datasource'].fn.addPermission('CloudWatchAlarms', {
      principal: new ServicePrincipal('lambda.alarms.cloudwatch.amazonaws.com'),
      sourceAccount: this.account,
    });

    // Access control (lambdas/api/auth): the authorizer reads key hashes; api and ingest check roles
    // per path on its context (or map IAM callers), and copy audit records to the Object Lock bucket.
    // API key items are small: never offloaded to the values bucket, so the table alone.
    data.stateTable.grantReadData(fns.authorizer.role);
    for (const fn of [fns.api, fns.ingest]) {
      fn.fn.addEnvironment('AUTH_MODE', config.apiAuth === 'iam' ? 'iam' : 'authorizer');
      // IAM mode: any principal allowed to invoke the API is admin unless the iamRoleMap setting narrows it.
      if (config.apiAuth === 'iam') fn.fn.addEnvironment('IAM_ROLE_MAP', config.iamRoleMap ?? JSON.stringify([{ pattern: '*', role: 'admin' }]));
    }
    // Only api serves audited requests (mutations, admin, sensitive reads); ingest gets only POSTs of telemetry.
    fns.api.fn.addEnvironment('AUDIT_BUCKET', data.auditBucketName);
    PlatformGrants.archiveWrite(fns.api, data.auditBucketArn, data.dataKey);
    // Bootstrap admin on AWS: the adminApiKeySha256 setting (the SHA-256 of a key only its holder knows).
    if (config.adminApiKeySha256 !== undefined) {
      for (const fn of [fns.authorizer, fns.api, fns.ingest]) fn.fn.addEnvironment('ADMIN_API_KEY_SHA256', config.adminApiKeySha256);
    }
    for (const tier of ROLE_TIERS) fns.authorizer.fn.addEnvironment(`USAGE_KEY_${tier.toUpperCase()}`, tierUsageKey(config.prefix, tier));

    this.api = new PlatformApi(this, 'Api', {
      authorizer: config.apiAuth === 'apiKey' ? fns.authorizer.fn : undefined,
      prefix: config.prefix,
      ingest: fns.ingest.fn,
      api: fns.api.fn,
      authMode: config.apiAuth,
      throttleRateLimit: config.apiThrottleRateLimit,
      throttleBurstLimit: config.apiThrottleBurstLimit,
      quotaPerDay: config.apiQuotaPerDay,
      cloudWatchRole: config.apiCloudWatchRole,
      logRetention: config.logRetentionDays as RetentionDays,
      logEncryptionKey: data.dataKey,
    });

    // Dashboards get plain names (every physical name is fixed by the prefix), so their
    // bodies stay readable JSON rather than joins of references.
    const tokens: Record<string, string> = { api: this.api.apiName, stage: this.api.stageName };
    for (const [name, fn] of Object.entries(fns)) tokens[`fn:${name}`] = fn.functionName;
    for (const [signal, name] of Object.entries(data.streamNames)) tokens[`stream:${signal}`] = name;
    for (const name of Object.keys(queues)) tokens[`queue:${name}`] = `${config.prefix}-${name}`;
    new ConsoleDashboards(this, 'Dashboards', { prefix: config.prefix, tokens, publisher: fns.api });

    new PlatformAlarms(this, 'Alarms', {
      prefix: config.prefix,
      topic: data.topics.critical,
      functions: Object.fromEntries(Object.entries(fns).map(([name, fn]) => [name, fn.fn])),
      streams: data.streams,
      queues,
      restApi: this.api.restApi,
    });
  }
}
