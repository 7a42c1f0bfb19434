

import type { Context } from 'aws-lambda';
import { configureObservability, labelInvocation } from '../../../../lambdas/handlers/middleware/observability';
import { wrapHandler } from '../../../../lambdas/handlers/middleware/wrap-handler';

const context = { awsRequestId: 'req-1', functionName: 'stack-api-ABC' } as Context;

function clock(...times: number[]) {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)];
}

describe('observability middleware', () => {
  const env = { ...process.env };
  afterEach(() => {
    process.env = { ...env };
  });

  it('writes one JSON line per invocation with the exact EMF block', async () => {
    delete process.env.PLATFORM_FUNCTION;
    delete process.env.METRICS_NAMESPACE;
    const lines: string[] = [];
    const handler = wrapHandler(
      async (event: { path: string }) => {
        labelInvocation(event, { route: 'GET /monitoring/dashboards/{id}', status: 404 });
        return { statusCode: 404 };
      },
      { functionName: 'api', sink: (l) => lines.push(l), emf: true, format: 'json', now: clock(1_700_000_000_000, 1_700_000_000_012.5) },
    );
    await handler({ path: '/x' }, context);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual({
      level: 'info',
      message: 'invocation',
      timestamp: '2023-11-14T22:13:20.012Z',
      functionName: 'api',
      route: 'GET /monitoring/dashboards/{id}',
      requestId: 'req-1',
      status: 404,
      durationMs: 12.5,
      _aws: {
        Timestamp: 1_700_000_000_012.5,
        CloudWatchMetrics: [
          {
            Namespace: 'Observability/Platform',
            Dimensions: [['Function', 'Route']],
            Metrics: [
              { Name: 'Invocations', Unit: 'Count' },
              { Name: 'Errors', Unit: 'Count' },
              { Name: 'Duration', Unit: 'Milliseconds' },
            ],
          },
        ],
      },
      Function: 'api',
      Route: 'GET /monitoring/dashboards/{id}',
      Invocations: 1,
      Errors: 0,
      Duration: 12.5,
    });
  });

  it('counts a 5xx answer and a thrown error as Errors, reads the namespace and function from the environment', async () => {
    process.env.METRICS_NAMESPACE = 'Custom/NS';
    process.env.PLATFORM_FUNCTION = 'ingest';
    const lines: string[] = [];
    const sink = (l: string) => lines.push(l);
    const fiveHundred = wrapHandler(async () => ({ statusCode: 503 }), { functionName: 'x', sink, emf: true, format: 'json' });
    await fiveHundred({}, context);
    const throws = wrapHandler(async () => {
      throw new Error('boom');
    }, { sink, emf: true, format: 'json' });
    await expect(throws({}, context)).rejects.toThrow('boom');
    const [a, b] = lines.map((l) => JSON.parse(l));
    expect(a).toMatchObject({ level: 'error', Function: 'ingest', Route: 'invoke', Errors: 1, status: 503 });
    expect(a._aws.CloudWatchMetrics[0].Namespace).toBe('Custom/NS');
    expect(b).toMatchObject({ level: 'error', status: 'error', error: 'boom', Errors: 1, Invocations: 1 });
  });

  it('adds BatchSize and FailedRecords for stream batches', async () => {
    delete process.env.PLATFORM_FUNCTION;
    const lines: string[] = [];
    const handler = wrapHandler(async (event: { Records: unknown[] }) => {
      labelInvocation(event, { batchSize: event.Records.length, failedRecords: 1 });
      return { batchItemFailures: [] };
    }, { functionName: 'log-processor', defaultRoute: 'batch', sink: (l) => lines.push(l), emf: true, format: 'json' });
    await handler({ Records: [1, 2, 3] }, context);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ Route: 'batch', batchSize: 3, failedRecords: 1, BatchSize: 3, FailedRecords: 1 });
    expect(line._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name)).toEqual(['Invocations', 'Errors', 'Duration', 'BatchSize', 'FailedRecords']);
  });

  it('follows the process-wide settings: concise lines without EMF for the local console', async () => {
    delete process.env.PLATFORM_FUNCTION;
    const lines: string[] = [];
    const previous = configureObservability({ sink: (l) => lines.push(l), emf: false, format: 'concise' });
    try {
      const handler = wrapHandler(async (event: object) => {
        labelInvocation(event, { route: 'GET /health', status: 200, detail: 'GET /health' });
        return { statusCode: 200 };
      }, { functionName: 'api', now: clock(0, 7) });
      await handler({}, context);
    } finally {
      configureObservability(previous);
    }
    expect(lines).toEqual(['api GET /health 200 7ms']);
  });

  it('leaves the EMF block out when EMF is off', async () => {
    const lines: string[] = [];
    const handler = wrapHandler(async () => ({ statusCode: 200 }), { functionName: 'api', sink: (l) => lines.push(l), emf: false, format: 'json' });
    await handler({}, context);
    expect(JSON.parse(lines[0])).not.toHaveProperty('_aws');
  });
});
