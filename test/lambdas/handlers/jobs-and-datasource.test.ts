import { scheduledJob } from '../../../lambdas/handlers/jobs/scheduled-job';


import type { Context } from 'aws-lambda';
import { usePorts } from '../../../lambdas/handlers/composition/ports-provider';
import { handler as datasource } from '../../../lambdas/handlers/metrics-datasource';
import { configureObservability } from '../../../lambdas/handlers/middleware/observability';
import { testPorts } from '../api/api-test-kit';

const context = { awsRequestId: 'r', functionName: 'f' } as Context;
const scheduled = { version: '0', id: 'x', 'detail-type': 'Scheduled Event', source: 'aws.scheduler', time: '2026-11-22T12:00:00Z', resources: [] };

describe('scheduled jobs and the CloudWatch data source', () => {
  const lines: string[] = [];
  let restore: ReturnType<typeof configureObservability>;
  beforeAll(() => {
    restore = configureObservability({ sink: (l) => lines.push(l), emf: true, format: 'json' });
  });
  afterAll(() => {
    configureObservability(restore);
    usePorts(undefined);
  });

  it('a job without work says its capability has not landed, in one log line', async () => {
    lines.length = 0;
    const idle = scheduledJob('idle-job', 'future');
    expect(await idle(scheduled, context)).toEqual({ skipped: 'future not landed' });
    expect(lines.map((l) => JSON.parse(l).Route)).toEqual(['schedule']);
  });

  it('describes itself', async () => {
    const res = (await datasource({ EventType: 'DescribeGetMetricData' }, context)) as { Description: string; ArgumentDefaults: { Value: string }[] };
    expect(res.Description).toMatch(/PromQL/);
    expect(res.ArgumentDefaults).toEqual([{ Value: 'up' }, { Value: '' }]);
  });

  it('answers GetMetricData with the PromQL value at each period, non-finite values left out', async () => {
    const t = testPorts();
    usePorts(t.ports);
    await t.ports.metrics.write([
      { labels: { __name__: 'cpu', host: 'a' }, samples: [{ timestamp: 1_000_000, value: 1 }, { timestamp: 1_030_000, value: 3 }, { timestamp: 1_070_000, value: 10 }, { timestamp: 1_080_000, value: Number.NaN }] },
      { labels: { __name__: 'cpu', host: 'b' }, samples: [{ timestamp: 1_000_000, value: 7 }] },
    ]);
    const res = await datasource({ EventType: 'GetMetricData', GetMetricDataRequest: { StartTime: 1000, EndTime: 1200, Period: 60, Arguments: ['cpu{host="a"}'] } }, context);
    expect(res).toEqual({ MetricDataResults: [{ StatusCode: 'Complete', Label: 'cpu{host="a"}', Timestamps: [1000, 1060], Values: [1, 3], Messages: [] }] });
    const all = (await datasource({ EventType: 'GetMetricData', GetMetricDataRequest: { StartTime: 1000, EndTime: 1200, Period: 60, Arguments: ['cpu'] } }, context)) as { MetricDataResults: { Label: string }[] };
    expect(all.MetricDataResults.map((r) => r.Label).sort()).toEqual(['cpu{host="a"}', 'cpu{host="b"}']);
    const none = await datasource({ EventType: 'GetMetricData', GetMetricDataRequest: { StartTime: 1000, EndTime: 1200, Period: 60, Arguments: ['nothing'] } }, context);
    expect(none).toEqual({ MetricDataResults: [{ StatusCode: 'Complete', Label: 'nothing', Timestamps: [], Values: [], Messages: [] }] });
  });

  it('answers bad requests in the documented error form', async () => {
    usePorts(testPorts().ports);
    expect(await datasource({ EventType: 'GetMetricData', GetMetricDataRequest: { StartTime: 1, EndTime: 2, Period: 60, Arguments: ['rate(x[5m]'] } }, context)).toEqual({
      Error: { Code: 'Validation', Value: expect.stringMatching(/parse error/) },
    });
    expect(await datasource({ EventType: 'GetMetricData', GetMetricDataRequest: { StartTime: 1, EndTime: 2, Period: 0, Arguments: ['up'] } }, context)).toMatchObject({ Error: { Code: 'Validation' } });
    expect(await datasource({ EventType: 'Other' } as never, context)).toMatchObject({ Error: { Code: 'Validation' } });
  });
});
