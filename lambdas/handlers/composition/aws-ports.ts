import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { TimestreamWriteClient } from '@aws-sdk/client-timestream-write';
import { XRayClient } from '@aws-sdk/client-xray';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { AmpMetricStore } from '../../adapters/aws/amp-metric-store';
import { CloudWatchLogStore } from '../../adapters/aws/cloudwatch-log-store';
import { DynamoDbStateStore } from '../../adapters/aws/dynamodb-state-store';
import { KinesisTelemetryStream } from '../../adapters/aws/kinesis-telemetry-stream';
import { SnsNotifier } from '../../adapters/aws/sns-notifier';
import { TimestreamMetricStore } from '../../adapters/aws/timestream-metric-store';
import type { TimestreamRollupTables } from '../../adapters/aws/timestream-rollup-reader';
import { XRayTraceStore } from '../../adapters/aws/xray-trace-store';
import { systemClock } from '../../core/ports/clock';
import type { Ports } from '../../core/ports';

/** The environment a Lambda reads its settings from (the CDK app sets these names). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Thrown when a port is used on a function whose environment lacks a setting it needs. */
export class MissingEnvironmentError extends Error {
  constructor(readonly variable: string, port: string) {
    super(`environment variable ${variable} is not set; the ${port} port needs it`);
    this.name = 'MissingEnvironmentError';
  }
}

function required(env: Environment, variable: string, port: string): string {
  const value = env[variable];
  if (value === undefined || value === '') throw new MissingEnvironmentError(variable, port);
  return value;
}

/**
 * The rollup tables of the Timestream store, when the CDK app created them (it sets all three
 * variables); none set means a store without rollups, a partial or invalid set is an error.
 */
function timestreamRollups(env: Environment): TimestreamRollupTables | undefined {
  if (!env.TIMESTREAM_SERIES_TABLE && !env.TIMESTREAM_ROLLUP_TABLE) return undefined;
  const seriesTable = required(env, 'TIMESTREAM_SERIES_TABLE', 'metrics');
  const rollupTable = required(env, 'TIMESTREAM_ROLLUP_TABLE', 'metrics');
  const days = Number(required(env, 'METRICS_RAW_RETENTION_DAYS', 'metrics'));
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`METRICS_RAW_RETENTION_DAYS=${JSON.stringify(env.METRICS_RAW_RETENTION_DAYS)} is not a whole number of days (1 or more)`);
  }
  return { seriesTable, rollupTable, rawRetentionMs: days * 86_400_000 };
}

/**
 * The AWS composition root: each port's adapter (and its SDK client) is built on first use,
 * from the environment as it is then, so a function only needs the variables of the ports it
 * touches and importing this module reads nothing.
 */
export function createAwsPorts(env: Environment = process.env): Ports {
  const cache = new Map<keyof Ports, unknown>();
  const lazy = <K extends keyof Ports>(key: K, build: () => Ports[K]): (() => Ports[K]) => () => {
    if (!cache.has(key)) cache.set(key, build());
    return cache.get(key) as Ports[K];
  };
  const metrics = lazy('metrics', () => {
    // METRIC_STORE picks the adapter (the CDK app sets it from the metricStore setting).
    const kind = env.METRIC_STORE || 'timestream';
    if (kind === 'prometheus') {
      const workspaceId = required(env, 'AMP_WORKSPACE_ID', 'metrics');
      const region = env.AMP_REGION || required(env, 'AWS_REGION', 'metrics');
      return new AmpMetricStore({ workspaceId, region, endpoint: env.AMP_ENDPOINT || undefined, credentials: defaultProvider() });
    }
    if (kind !== 'timestream') throw new Error(`METRIC_STORE=${JSON.stringify(kind)} is not a metric store; expected timestream or prometheus`);
    const database = required(env, 'TIMESTREAM_DATABASE', 'metrics');
    const table = required(env, 'TIMESTREAM_TABLE', 'metrics');
    const rollups = timestreamRollups(env);
    return new TimestreamMetricStore({ writeClient: new TimestreamWriteClient({}), queryClient: new TimestreamQueryClient({}), database, table, rollups });
  });
  const logs = lazy('logs', () => {
    const logGroupPrefix = required(env, 'LOG_GROUP_PREFIX', 'logs');
    return new CloudWatchLogStore({ client: new CloudWatchLogsClient({}), logGroupPrefix });
  });
  const traces = lazy('traces', () => new XRayTraceStore({ client: new XRayClient({}) }));
  const state = lazy('state', () => {
    const tableName = required(env, 'STATE_TABLE_NAME', 'state');
    // Optional: without a bucket, values too big for an item even compressed are refused (413).
    const bucket = env.STATE_VALUES_BUCKET;
    return new DynamoDbStateStore({ client: new DynamoDBClient({}), tableName, ...(bucket && { largeValues: { s3: new S3Client({}), bucket } }) });
  });
  const notifier = lazy('notifier', () => {
    const topicArns = {
      critical: required(env, 'ALERT_TOPIC_CRITICAL_ARN', 'notifier'),
      warning: required(env, 'ALERT_TOPIC_WARNING_ARN', 'notifier'),
      info: required(env, 'ALERT_TOPIC_INFO_ARN', 'notifier'),
    };
    return new SnsNotifier({ client: new SNSClient({}), topicArns });
  });
  const stream = lazy('stream', () => {
    const streamNames = {
      metrics: required(env, 'METRICS_STREAM_NAME', 'stream'),
      logs: required(env, 'LOGS_STREAM_NAME', 'stream'),
      traces: required(env, 'TRACES_STREAM_NAME', 'stream'),
    };
    return new KinesisTelemetryStream({ client: new KinesisClient({}), streamNames });
  });
  return {
    get metrics() {
      return metrics();
    },
    get logs() {
      return logs();
    },
    get traces() {
      return traces();
    },
    get state() {
      return state();
    },
    get notifier() {
      return notifier();
    },
    get stream() {
      return stream();
    },
    clock: systemClock,
  };
}
