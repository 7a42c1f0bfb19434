import { QueryCommand, TimestreamQueryClient, type QueryCommandInput } from '@aws-sdk/client-timestream-query';
import {
  DescribeTableCommand,
  RejectedRecordsException,
  ThrottlingException,
  TimestreamWriteClient,
  WriteRecordsCommand,
  type WriteRecordsCommandInput,
} from '@aws-sdk/client-timestream-write';
import { mockClient } from 'aws-sdk-client-mock';
import { TimestreamMetricStore } from '../../../../lambdas/adapters/aws/timestream-metric-store';
import { ManualClock } from '../../../../lambdas/core/ports/clock';
import { FakeTimestream } from '../../../support/contract/fake-timestream';
import { describeMetricStoreContract } from '../../../support/contract/metric-store-contract';

const creds = { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
const writeClient = new TimestreamWriteClient(creds);
const queryClient = new TimestreamQueryClient(creds);
const writes = mockClient(writeClient);
const queries = mockClient(queryClient);
const clock = new ManualClock(1_700_000_999_000);
const store = () => new TimestreamMetricStore({ writeClient, queryClient, database: 'obs', table: 'metrics', baseDelayMs: 1, clock, schemaTtlMs: 0 });

function useFake(): FakeTimestream {
  const fake = new FakeTimestream();
  writes.reset();
  queries.reset();
  writes.on(WriteRecordsCommand).callsFake((input: WriteRecordsCommandInput) => fake.writeRecords(input));
  writes.on(DescribeTableCommand).resolves({ Table: { TableName: 'metrics' } });
  queries.on(QueryCommand).callsFake((input: QueryCommandInput) => fake.query(input));
  return fake;
}

describeMetricStoreContract('TimestreamMetricStore (stateful fake behind aws-sdk-client-mock)', async () => {
  useFake();
  clock.advance(1_000);
  return { store: store() };
}, { nonFiniteValues: false });

describe('TimestreamMetricStore request shapes', () => {
  beforeEach(() => {
    writes.reset();
    queries.reset();
    writes.on(WriteRecordsCommand).resolves({ RecordsIngested: { Total: 0 } });
  });

  it('writes one DOUBLE record per sample with shared attributes hoisted into CommonAttributes', async () => {
    const result = await store().write([
      { labels: { __name__: 'http_requests_total', job: 'api', instance: 'a:80' }, samples: [{ timestamp: 1_700_000_000_000, value: 1 }, { timestamp: 1_700_000_015_000, value: 2.5 }] },
    ]);
    expect(result).toEqual({ accepted: 2, rejected: [] });
    expect(writes.commandCalls(WriteRecordsCommand)[0].args[0].input).toEqual({
      DatabaseName: 'obs',
      TableName: 'metrics',
      CommonAttributes: {
        MeasureValueType: 'DOUBLE',
        TimeUnit: 'MILLISECONDS',
        Version: expect.any(Number),
        MeasureName: 'http_requests_total',
        Dimensions: [
          { Name: 'instance', Value: 'a:80', DimensionValueType: 'VARCHAR' },
          { Name: 'job', Value: 'api', DimensionValueType: 'VARCHAR' },
        ],
      },
      Records: [
        { MeasureValue: '1', Time: '1700000000000' },
        { MeasureValue: '2.5', Time: '1700000015000' },
      ],
    });
  });

  it('sends 250 series in 3 calls of at most 100 records, keeping per-record names and dimensions', async () => {
    const series = Array.from({ length: 250 }, (_, i) => ({
      labels: { __name__: i % 2 ? 'a' : 'b', job: 'x', shard: String(i) },
      samples: [{ timestamp: 1_700_000_000_000, value: i }],
    }));
    expect((await store().write(series)).accepted).toBe(250);
    const calls = writes.commandCalls(WriteRecordsCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Records!.length)).toEqual([100, 100, 50]);
    expect(calls[0].CommonAttributes).toMatchObject({ Dimensions: [{ Name: 'job', Value: 'x', DimensionValueType: 'VARCHAR' }] });
    expect(calls[0].CommonAttributes!.MeasureName).toBeUndefined();
    expect(calls[0].Records![1]).toEqual({ Dimensions: [{ Name: 'shard', Value: '1', DimensionValueType: 'VARCHAR' }], MeasureName: 'a', MeasureValue: '1', Time: '1700000000000' });
  });

  it('maps reserved label names reversibly (time -> lbl_time, lbl_x -> lbl_lbl_x)', async () => {
    await store().write([{ labels: { __name__: 'm', time: 't', ts_x: 'u', lbl_x: 'v', measure_value_a: 'w' }, samples: [{ timestamp: 1, value: 1 }] }]);
    const names = writes.commandCalls(WriteRecordsCommand)[0].args[0].input.CommonAttributes!.Dimensions!.map((d) => d.Name);
    expect(names.sort()).toEqual(['lbl_lbl_x', 'lbl_measure_value_a', 'lbl_time', 'lbl_ts_x']);
  });

  it('parses RejectedRecordsException into per-series reasons and counts the rest as accepted', async () => {
    writes.on(WriteRecordsCommand).rejects(
      new RejectedRecordsException({
        message: 'One or more records have been rejected.',
        $metadata: {},
        RejectedRecords: [{ RecordIndex: 1, Reason: 'The record timestamp is outside the time range of the data ingestion window.' }],
      }),
    );
    const result = await store().write([
      { labels: { __name__: 'm', k: 'ok' }, samples: [{ timestamp: 1, value: 1 }] },
      { labels: { __name__: 'm', k: 'old' }, samples: [{ timestamp: 2, value: 2 }] },
    ]);
    expect(result).toEqual({
      accepted: 1,
      rejected: [{ labels: { __name__: 'm', k: 'old' }, reason: 'The record timestamp is outside the time range of the data ingestion window.' }],
    });
  });

  it('retries throttling with backoff and gives up after maxRetries', async () => {
    writes
      .on(WriteRecordsCommand)
      .rejectsOnce(new ThrottlingException({ message: 'slow down', Message: 'slow down', $metadata: {} }))
      .resolves({ RecordsIngested: { Total: 1 } });
    expect((await store().write([{ labels: { __name__: 'm', k: 'v' }, samples: [{ timestamp: 1, value: 1 }] }])).accepted).toBe(1);
    expect(writes.commandCalls(WriteRecordsCommand)).toHaveLength(2);
    writes.reset();
    writes.on(WriteRecordsCommand).rejects(new ThrottlingException({ message: 'slow down', Message: 'slow down', $metadata: {} }));
    const s = new TimestreamMetricStore({ writeClient, queryClient, database: 'obs', table: 'metrics', maxRetries: 2, baseDelayMs: 1 });
    await expect(s.write([{ labels: { __name__: 'm', k: 'v' }, samples: [{ timestamp: 1, value: 1 }] }])).rejects.toThrow('slow down');
    expect(writes.commandCalls(WriteRecordsCommand)).toHaveLength(3);
  });

  it('skips stale markers and rejects NaN/Inf and unnamed series with reasons', async () => {
    const bits = new DataView(new ArrayBuffer(8));
    bits.setUint32(0, 0x7ff00000);
    bits.setUint32(4, 2);
    const result = await store().write([
      { labels: { __name__: 'm', k: 'stale' }, samples: [{ timestamp: 1, value: bits.getFloat64(0) }, { timestamp: 2, value: 3 }] },
      { labels: { __name__: 'm', k: 'inf' }, samples: [{ timestamp: 1, value: Infinity }] },
      { labels: { __name__: 'm', 'k:colon': 'v' }, samples: [{ timestamp: 1, value: 1 }] },
      { labels: { k: 'noname' }, samples: [{ timestamp: 1, value: 1 }] },
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => r.labels.k ?? r.reason)).toEqual(['inf', expect.stringContaining("contains ':'"), 'noname']);
    expect(writes.commandCalls(WriteRecordsCommand)[0].args[0].input.Records).toHaveLength(1);
  });

  it('builds the documented SQL and follows NextToken through documented pages (NullValue = absent label)', async () => {
    const col = (Name: string, ScalarType: 'VARCHAR' | 'TIMESTAMP' | 'DOUBLE') => ({ Name, Type: { ScalarType } });
    const columns = [col('env', 'VARCHAR'), col('job', 'VARCHAR'), col('measure_name', 'VARCHAR'), col('time', 'TIMESTAMP'), col('measure_value::double', 'DOUBLE')];
    const row = (env: string | undefined, t: string, v: string) => ({
      Data: [env === undefined ? { NullValue: true } : { ScalarValue: env }, { ScalarValue: "o'hara" }, { ScalarValue: 'up' }, { ScalarValue: t }, { ScalarValue: v }],
    });
    queries
      .on(QueryCommand, { NextToken: undefined })
      .callsFake((input: QueryCommandInput) =>
        input.QueryString!.startsWith('DESCRIBE')
          ? undefined
          : { QueryId: 'q', ColumnInfo: columns, Rows: [row('prod', '2023-11-14 22:13:20.000000000', '1')], NextToken: 'page2' },
      )
      .on(QueryCommand, { NextToken: 'page2' })
      .resolves({ QueryId: 'q', ColumnInfo: columns, Rows: [row(undefined, '2023-11-14 22:13:21.500000000', '0'), row('prod', '2023-11-14 22:13:19.999000000', '1')] });
    queries.on(QueryCommand, { QueryString: 'DESCRIBE "obs"."metrics"' }).resolves({
      QueryId: 'd',
      ColumnInfo: [col('Column', 'VARCHAR'), col('Type', 'VARCHAR'), col('Timestream attribute type', 'VARCHAR')],
      Rows: [
        { Data: [{ ScalarValue: 'env' }, { ScalarValue: 'varchar' }, { ScalarValue: 'DIMENSION' }] },
        { Data: [{ ScalarValue: 'job' }, { ScalarValue: 'varchar' }, { ScalarValue: 'DIMENSION' }] },
      ],
    });
    const got = await store().select({
      range: { start: 1_700_000_000_000, end: 1_700_000_060_000 },
      matchers: [
        { name: '__name__', op: '=', value: 'up' },
        { name: 'job', op: '=', value: "o'hara" },
        { name: 'env', op: '!~', value: 'stag.*' },
        { name: 'env', op: '=~', value: 'prod|' },
        { name: 'zone', op: '=', value: 'x' },
      ],
    });
    const sql = queries.commandCalls(QueryCommand).map((c) => c.args[0].input.QueryString);
    expect(sql[1]).toBe(
      'SELECT "env", "job", measure_name, time, measure_value::double FROM "obs"."metrics" WHERE ' +
        'time BETWEEN from_milliseconds(1700000000000) AND from_milliseconds(1700000060000) AND ' +
        "measure_name = 'up' AND " +
        `("job" IS NOT NULL AND "job" = 'o''hara') AND ` +
        `("env" IS NULL OR NOT regexp_like("env", '^(?:stag.*)$')) AND ` +
        `("env" IS NULL OR regexp_like("env", '^(?:prod|)$')) AND FALSE`,
    );
    expect(got).toEqual([
      {
        labels: { __name__: 'up', env: 'prod', job: "o'hara" },
        samples: [
          { timestamp: 1_699_999_999_999, value: 1 },
          { timestamp: 1_700_000_000_000, value: 1 },
        ],
      },
      { labels: { __name__: 'up', job: "o'hara" }, samples: [{ timestamp: 1_700_000_001_500, value: 0 }] },
    ]);
  });

  it('pings with DescribeTable on the write client', async () => {
    writes.on(DescribeTableCommand).resolves({});
    await store().ping();
    expect(writes.commandCalls(DescribeTableCommand)[0].args[0].input).toEqual({ DatabaseName: 'obs', TableName: 'metrics' });
  });
});
