import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryCommand, TimestreamQueryClient, type QueryCommandInput } from '@aws-sdk/client-timestream-query';
import { TimestreamWriteClient, WriteRecordsCommand, type WriteRecordsCommandInput } from '@aws-sdk/client-timestream-write';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { TimestreamMetricStore } from '../../../lambdas/adapters/aws/timestream-metric-store';
import { seriesId } from '../../../lambdas/adapters/aws/timestream-rollup-sql';
import { usePorts } from '../../../lambdas/handlers/composition/ports-provider';
import { DEPLOYMENT_METRIC, handler } from '../../../lambdas/handlers/metric-store-seed';
import type { MetricStore, Ports } from '../../../lambdas/core/ports';
import { ManualClock } from '../../../lambdas/core/ports/clock';
import { FakeTimestream } from '../../support/contract/fake-timestream';

const NOW = 1_790_000_000_000;
const creds = { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
const writeClient = new TimestreamWriteClient(creds);
const queryClient = new TimestreamQueryClient(creds);
const writes = mockClient(writeClient);
const queries = mockClient(queryClient);

/** A loopback stand-in for the pre-signed S3 URL CloudFormation waits on. */
let server: Server;
let answers: { method: string; contentType: string | undefined; body: Record<string, unknown> }[];
let status = 200;
beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      answers.push({ method: req.method!, contentType: req.headers['content-type'], body: JSON.parse(text) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  answers = [];
  status = 200;
});
afterEach(() => usePorts(undefined));

function event(type: 'Create' | 'Update' | 'Delete'): CloudFormationCustomResourceEvent {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/signed?X-Amz-Signature=x`;
  const base = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:111122223333:function:observability-metric-store-seed',
    ResponseURL: url,
    StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/ObservabilityData/0a1b',
    RequestId: 'req-1',
    LogicalResourceId: 'MetricRollupsSourceColumnsSeed',
    ResourceType: 'Custom::TimestreamRollupSeed',
    ResourceProperties: { ServiceToken: 'x', RawTable: 'metrics' },
  };
  if (type === 'Create') return { ...base, RequestType: 'Create' };
  if (type === 'Update') return { ...base, RequestType: 'Update', PhysicalResourceId: 'metric-store-seed', OldResourceProperties: { ServiceToken: 'x' } };
  return { ...base, RequestType: 'Delete', PhysicalResourceId: 'metric-store-seed' };
}

function timestream(): FakeTimestream {
  const fake = new FakeTimestream();
  writes.reset();
  queries.reset();
  writes.on(WriteRecordsCommand).callsFake((input: WriteRecordsCommandInput) => fake.writeRecords(input));
  queries.on(QueryCommand).callsFake((input: QueryCommandInput) => fake.query(input));
  const rollups = { seriesTable: 'metric_series', rollupTable: 'metrics_5m', rawRetentionMs: 90 * 86_400_000 };
  const metrics = new TimestreamMetricStore({ writeClient, queryClient, database: 'obs', table: 'metrics', rollups, clock: new ManualClock(NOW) });
  usePorts({ metrics, clock: new ManualClock(NOW) } as unknown as Ports);
  return fake;
}

describe('metric-store-seed custom resource', () => {
  it('gives an empty raw table the columns the rollup query names, catalogues the series, and answers SUCCESS', async () => {
    const fake = timestream();
    await handler(event('Create'));
    const labels = { __name__: DEPLOYMENT_METRIC, stack: 'ObservabilityData' };
    expect(fake.rows('metrics')).toEqual([
      { measure_name: DEPLOYMENT_METRIC, time: expect.stringMatching(/^2026-/), 'measure_value::double': String(NOW / 1000), stack: 'ObservabilityData', __series_id: seriesId(labels) },
    ]);
    expect(fake.rows('metric_series')).toHaveLength(1);
    expect(answers).toEqual([
      {
        method: 'PUT',
        contentType: '',
        body: { Status: 'SUCCESS', PhysicalResourceId: 'metric-store-seed', StackId: event('Create').StackId, RequestId: 'req-1', LogicalResourceId: 'MetricRollupsSourceColumnsSeed' },
      },
    ]);
  });

  it('writes again on Update (a new query) and leaves the data alone on Delete', async () => {
    const fake = timestream();
    await handler(event('Update'));
    await handler(event('Delete'));
    expect(fake.rows('metrics')).toHaveLength(1);
    expect(answers.map((a) => [a.body.Status, a.body.PhysicalResourceId])).toEqual([['SUCCESS', 'metric-store-seed'], ['SUCCESS', 'metric-store-seed']]);
  });

  it('answers FAILED with the store\'s reason, so the stack stops instead of waiting an hour', async () => {
    const refusing: Partial<MetricStore> = { write: async (s) => ({ accepted: 0, rejected: s.map((x) => ({ labels: x.labels, reason: 'AccessDeniedException: not authorized' })) }) };
    usePorts({ metrics: refusing, clock: new ManualClock(NOW) } as unknown as Ports);
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await handler(event('Create'));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('"msg":"metric store seed failed"'));
    log.mockRestore();
    expect(answers[0].body).toMatchObject({ Status: 'FAILED', Reason: 'the metric store refused the seed sample: AccessDeniedException: not authorized' });
  });

  it('rejects when the response URL refuses the answer, so the Lambda log shows why the stack waits', async () => {
    timestream();
    status = 403;
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(handler(event('Delete'))).rejects.toThrow('CloudFormation response URL answered HTTP 403');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('answered HTTP 403'));
    log.mockRestore();
  });
});
