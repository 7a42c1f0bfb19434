import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
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

  it('keeps state values too large for an item in STATE_VALUES_BUCKET when it is set, and refuses them (413) when not', async () => {
    // Every client the composition root builds is mocked (aws-sdk-client-mock on the classes).
    const ddb = mockClient(DynamoDBClient);
    const s3 = mockClient(S3Client);
    try {
      ddb.on(GetItemCommand).resolves({});
      ddb.on(PutItemCommand).resolves({});
      s3.on(PutObjectCommand).resolves({});
      // Seeded noise: gzip cannot get 600 KB of it under the 350 KiB an item value may take.
      let x = 1;
      const blob = { data: Array.from({ length: 600_000 }, () => String.fromCharCode(33 + ((x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0) >>> 26))).join('') };

      await expect(createAwsPorts({ STATE_TABLE_NAME: 'platform-state' }).state.put('blob', 'b', blob)).rejects.toMatchObject({ status: 413, code: 'payload_too_large' });
      expect(s3.calls()).toHaveLength(0);

      const ports = createAwsPorts({ STATE_TABLE_NAME: 'platform-state', STATE_VALUES_BUCKET: 'obs-state-values' });
      expect((await ports.state.put('blob', 'b', blob)).version).toBe(1);
      const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
      expect(put).toMatchObject({ Bucket: 'obs-state-values', ContentType: 'application/json', ContentEncoding: 'gzip' });
      expect(put.Key).toMatch(/^state-values\/blob\/b\/1-[0-9a-f]{8}\.json\.gz$/);
      expect(ddb.commandCalls(PutItemCommand)[0].args[0].input).toMatchObject({ TableName: 'platform-state', ReturnValues: 'ALL_OLD', Item: { valueEncoding: { S: 's3' }, valueRef: { S: put.Key } } });
    } finally {
      ddb.restore();
      s3.restore();
    }
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
