import { DynamoDbStateStore } from '../../../../lambdas/adapters/aws/dynamodb-state-store';
import { KinesisTelemetryStream } from '../../../../lambdas/adapters/aws/kinesis-telemetry-stream';
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

  it('lets the local runtime install its own ports', () => {
    const { ports } = testPorts();
    usePorts(ports);
    expect(getPorts()).toBe(ports);
    usePorts(undefined);
  });
});
