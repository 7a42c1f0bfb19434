import { DynamoDbStateStore } from '../../../../lambdas/adapters/aws/dynamodb-state-store';
import { KinesisTelemetryStream } from '../../../../lambdas/adapters/aws/kinesis-telemetry-stream';
import { TimestreamMetricStore } from '../../../../lambdas/adapters/aws/timestream-metric-store';
import { createAwsPorts, MissingEnvironmentError } from '../../../../lambdas/handlers/composition/aws-ports';
import { getPorts, usePorts } from '../../../../lambdas/handlers/composition/ports-provider';
import { testPorts } from '../../api/api-test-kit';

describe('AWS composition root', () => {
  it('reads nothing until a port is used, then names the missing variable', () => {
    const env: Record<string, string | undefined> = {};
    const ports = createAwsPorts(env);
    expect(ports.clock.now()).toBeGreaterThan(0);
    expect(() => ports.state).toThrow(new MissingEnvironmentError('STATE_TABLE_NAME', 'state'));
    expect(() => ports.state).toThrow('environment variable STATE_TABLE_NAME is not set; the state port needs it');
    expect(() => ports.stream).toThrow(/METRICS_STREAM_NAME/);
    expect(() => ports.metrics).toThrow(/TIMESTREAM_DATABASE/);
    expect(() => ports.logs).toThrow(/LOG_GROUP_PREFIX/);
    expect(() => ports.notifier).toThrow(/ALERT_TOPIC_CRITICAL_ARN/);
    env.STATE_TABLE_NAME = 'platform-state';
    const state = ports.state;
    expect(state).toBeInstanceOf(DynamoDbStateStore);
    expect(ports.state).toBe(state);
  });

  it('builds the stream once every stream name is set', () => {
    const ports = createAwsPorts({ METRICS_STREAM_NAME: 'm', LOGS_STREAM_NAME: 'l' });
    expect(() => ports.stream).toThrow(/TRACES_STREAM_NAME/);
    expect(createAwsPorts({ METRICS_STREAM_NAME: 'm', LOGS_STREAM_NAME: 'l', TRACES_STREAM_NAME: 't' }).stream).toBeInstanceOf(KinesisTelemetryStream);
  });

  it('gives the Timestream store its rollup tables when the CDK app set them, and refuses a partial or invalid set', () => {
    const base = { METRIC_STORE: 'timestream', TIMESTREAM_DATABASE: 'obs', TIMESTREAM_TABLE: 'metrics' };
    expect(createAwsPorts(base).metrics).toBeInstanceOf(TimestreamMetricStore);
    expect(() => createAwsPorts({ ...base, TIMESTREAM_SERIES_TABLE: 'metric_series' }).metrics).toThrow(/TIMESTREAM_ROLLUP_TABLE/);
    const full = { ...base, TIMESTREAM_SERIES_TABLE: 'metric_series', TIMESTREAM_ROLLUP_TABLE: 'metrics_5m' };
    expect(() => createAwsPorts(full).metrics).toThrow(/METRICS_RAW_RETENTION_DAYS/);
    expect(() => createAwsPorts({ ...full, METRICS_RAW_RETENTION_DAYS: 'ninety' }).metrics).toThrow('METRICS_RAW_RETENTION_DAYS="ninety" is not a whole number of days');
    const store = createAwsPorts({ ...full, METRICS_RAW_RETENTION_DAYS: '90' }).metrics as TimestreamMetricStore;
    // The store now routes ranges older than 90 days (plus an hour) to the rollup tables.
    expect((store as unknown as { rollups: { horizon(now: number): number } }).rollups.horizon(100 * 86_400_000)).toBe(10 * 86_400_000 + 3_600_000);
  });

  it('lets the local runtime install its own ports', () => {
    const { ports } = testPorts();
    usePorts(ports);
    expect(getPorts()).toBe(ports);
    usePorts(undefined);
  });
});
