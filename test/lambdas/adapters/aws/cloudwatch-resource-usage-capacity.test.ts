import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchResourceUsage } from '../../../../lambdas/adapters/aws/cloudwatch-resource-usage';
import { MetricStoreResourceUsage } from '../../../../lambdas/adapters/embedded/metric-store-resource-usage';
import { testPorts } from '../../api/api-test-kit';

const cw = mockClient(CloudWatchClient);
const START = Date.parse('2026-11-01T00:00:00Z');
const END = Date.parse('2026-11-02T00:00:00Z');
const config = { functions: [{ name: 'api', memoryMb: 512, timeoutMs: 30_000 }], streams: [{ name: 'metrics', shards: 2 }] };

describe('CloudWatchResourceUsage (capacity)', () => {
  beforeEach(() => cw.reset());

  it('sends one GetMetricData with a query per resource metric, pages with NextToken and turns sums into rates', async () => {
    const t0 = new Date(START);
    const t1 = new Date(START + 3_600_000);
    cw.on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: 'm0', Timestamps: [t0], Values: [5] }, { Id: 'm3', Timestamps: [t0], Values: [3_600 * 1024] }], NextToken: 'page2' })
      .resolvesOnce({ MetricDataResults: [{ Id: 'm0', Timestamps: [t1], Values: [9] }] });
    const usage = await new CloudWatchResourceUsage({ client: new CloudWatchClient({}), config }).usage({ start: START, end: END }, 3_600_000);
    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0].args[0].input).toEqual({
      MetricDataQueries: [
        { Id: 'm0', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'ConcurrentExecutions', Dimensions: [{ Name: 'FunctionName', Value: 'api' }] }, Period: 3600, Stat: 'Maximum' }, ReturnData: true },
        { Id: 'm1', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Duration', Dimensions: [{ Name: 'FunctionName', Value: 'api' }] }, Period: 3600, Stat: 'p95' }, ReturnData: true },
        { Id: 'm2', MetricStat: { Metric: { Namespace: 'LambdaInsights', MetricName: 'used_memory_max', Dimensions: [{ Name: 'function_name', Value: 'api' }] }, Period: 3600, Stat: 'Maximum' }, ReturnData: true },
        { Id: 'm3', MetricStat: { Metric: { Namespace: 'AWS/Kinesis', MetricName: 'IncomingBytes', Dimensions: [{ Name: 'StreamName', Value: 'metrics' }] }, Period: 3600, Stat: 'Sum' }, ReturnData: true },
      ],
      StartTime: new Date(START),
      EndTime: new Date(END),
      ScanBy: 'TimestampAscending',
    });
    expect(calls[1].args[0].input.NextToken).toBe('page2');
    expect(usage.find((u) => u.id === 'lambda:api:concurrency')).toMatchObject({ capacity: 1000, samples: [{ timestamp: START, value: 5 }, { timestamp: START + 3_600_000, value: 9 }] });
    expect(usage.find((u) => u.id === 'kinesis:metrics:incoming-bytes')).toMatchObject({ capacity: 2 * 1024 * 1024, unit: 'bytes/s', samples: [{ timestamp: START, value: 1024 }] });
  });

  it('rounds the period up to whole minutes', async () => {
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    await new CloudWatchResourceUsage({ client: new CloudWatchClient({}), config: { streams: [{ name: 's', shards: 1 }] } }).usage({ start: START, end: END }, 15_000);
    expect(cw.commandCalls(GetMetricDataCommand)[0].args[0].input.MetricDataQueries?.[0].MetricStat?.Period).toBe(60);
  });
});

describe('MetricStoreResourceUsage (capacity, embedded)', () => {
  it('reads the exporter-named copies of the same metrics, bucketed to the step with the statistic', async () => {
    const { ports } = testPorts(END);
    await ports.metrics.write([
      { labels: { __name__: 'aws_lambda_concurrent_executions_maximum', function_name: 'api' }, samples: [{ timestamp: START, value: 4 }, { timestamp: START + 60_000, value: 7 }, { timestamp: START + 3_600_000, value: 2 }] },
      { labels: { __name__: 'aws_kinesis_incoming_bytes_sum', stream_name: 'metrics' }, samples: [{ timestamp: START, value: 1800 }, { timestamp: START + 60_000, value: 1800 }] },
    ]);
    const usage = await new MetricStoreResourceUsage(ports.metrics, config).usage({ start: START, end: END }, 3_600_000);
    expect(usage.find((u) => u.id === 'lambda:api:concurrency')?.samples).toEqual([{ timestamp: START, value: 7 }, { timestamp: START + 3_600_000, value: 2 }]);
    expect(usage.find((u) => u.id === 'kinesis:metrics:incoming-bytes')?.samples).toEqual([{ timestamp: START, value: 1 }]);
  });
});
