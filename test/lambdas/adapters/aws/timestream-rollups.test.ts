import { QueryCommand, TimestreamQueryClient, type QueryCommandInput } from '@aws-sdk/client-timestream-query';
import { DescribeTableCommand, RejectedRecordsException, TimestreamWriteClient, WriteRecordsCommand, type WriteRecordsCommandInput } from '@aws-sdk/client-timestream-write';
import { mockClient } from 'aws-sdk-client-mock';
import { TimestreamMetricStore } from '../../../../lambdas/adapters/aws/timestream-metric-store';
import { rollupQueryString, rollupTarget, ROLLUP_SCHEDULE, seriesId } from '../../../../lambdas/adapters/aws/timestream-rollup-sql';
import { SqliteMetricStore } from '../../../../lambdas/adapters/embedded/sqlite-metric-store';
import type { LabelMatcher, Series } from '../../../../lambdas/core/domain/series';
import { ManualClock } from '../../../../lambdas/core/ports/clock';
import { rangeQuery } from '../../../../lambdas/core/promql';
import { FakeTimestream } from '../../../support/contract/fake-timestream';
import { describeMetricStoreContract } from '../../../support/contract/metric-store-contract';
import { tempDatabase } from '../../../support/contract/temp-database';

const M = 60_000;
const H = 60 * M;
const DAY = 24 * H;
// Raw retention ends exactly on an hour: the local store's horizon is NOW - 90 d, Timestream's an hour later.
const NOW = 20_000 * DAY;
const RAW = 90 * DAY;
const ROLLUP_TABLES = { seriesTable: 'metric_series', rollupTable: 'metrics_5m', rawRetentionMs: RAW };
const creds = { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
const writeClient = new TimestreamWriteClient(creds);
const queryClient = new TimestreamQueryClient(creds);
const writes = mockClient(writeClient);
const queries = mockClient(queryClient);

function timestream(clock: ManualClock): { fake: FakeTimestream; store: TimestreamMetricStore } {
  const fake = new FakeTimestream(50);
  writes.reset();
  queries.reset();
  writes.on(WriteRecordsCommand).callsFake((input: WriteRecordsCommandInput) => fake.writeRecords(input));
  writes.on(DescribeTableCommand).resolves({ Table: { TableName: 'metrics' } });
  queries.on(QueryCommand).callsFake((input: QueryCommandInput) => fake.query(input));
  const store = new TimestreamMetricStore({ writeClient, queryClient, database: 'obs', table: 'metrics', rollups: ROLLUP_TABLES, clock, schemaTtlMs: 0, baseDelayMs: 1 });
  return { fake, store };
}

/** Two days of 15-second samples ending 91 days ago (a counter, a gauge, a series that stops), and the last hour. */
function fleet(): Series[] {
  const series: Series[] = [];
  const add = (labels: Record<string, string>, from: number, to: number, value: (t: number) => number) => {
    const samples = [];
    for (let t = from; t <= to; t += 15_000) samples.push({ timestamp: t, value: value(t) });
    series.push({ labels: { __name__: labels.name, ...labels, name: undefined } as never, samples });
  };
  const oldFrom = NOW - 93 * DAY + 7_000;
  const oldTo = NOW - 91 * DAY;
  add({ name: 'http_requests_total', job: 'api', instance: 'a:80' }, oldFrom, oldTo, (t) => Math.floor((t - oldFrom) / 1000));
  add({ name: 'http_requests_total', job: 'api', instance: 'b:80' }, oldFrom, oldTo, (t) => Math.floor((t - oldFrom) / 500));
  add({ name: 'memory_bytes', job: 'db' }, oldFrom, oldTo, (t) => 1e6 + Math.sin(t / 1e6) * 1e5);
  add({ name: 'memory_bytes', job: 'batch' }, oldFrom, oldFrom + 5 * H, (t) => (t % 7) * 10);
  add({ name: 'http_requests_total', job: 'api', instance: 'a:80' }, NOW - H, NOW, (t) => (t - NOW + H) / 1000);
  return series.map((s) => ({ labels: JSON.parse(JSON.stringify(s.labels)), samples: s.samples }));
}

/** What AWS does until NOW: every hourly scheduled-query run (those with raw samples to read), then the raw table's retention. */
function ageOnAws(fake: FakeTimestream): void {
  const hours = new Set(fake.rows('metrics').map((r) => Math.floor(Date.parse(`${r.time!.slice(0, 23).replace(' ', 'T')}Z`) / H) * H));
  for (const hour of hours) {
    const runtime = hour + ROLLUP_SCHEDULE.lagMs + ROLLUP_SCHEDULE.spanMs;
    if (runtime <= NOW) fake.runRollupQuery(runtime, 'metrics', 'metrics_5m');
  }
  fake.expire('metrics', NOW - RAW);
}

const sel = (start: number, end: number, ...matchers: LabelMatcher[]) => ({ matchers, range: { start, end } });
const name = (value: string): LabelMatcher => ({ name: '__name__', op: '=', value });

describe('Timestream rollups (scheduled query over a stateful fake) against the local compaction', () => {
  it('answers ranges past the raw retention from rollups exactly as the SQLite store does after compaction', async () => {
    const clock = new ManualClock(NOW);
    const { fake, store } = timestream(clock);
    const { db, cleanup } = tempDatabase();
    const local = new SqliteMetricStore(db);
    const data = fleet();
    expect((await store.write(data)).rejected).toEqual([]);
    await local.write(data);
    ageOnAws(fake);
    await local.compact(NOW, { rawRetentionMs: RAW, rollupRetentionMs: 730 * DAY });
    // The raw table holds only the last hour now; the old days live in the series and rollup tables.
    expect(fake.rows('metrics').every((r) => r.measure_name === 'http_requests_total')).toBe(true);
    let localRollups = 0;
    for (const s of data.slice(0, 4)) localRollups += (await local.rollups(s.labels)).length;
    expect(fake.rows('metrics_5m').length).toBe(localRollups);

    const old = [NOW - 94 * DAY, NOW - RAW - 1] as const;
    for (const matchers of [[name('http_requests_total')], [{ name: 'job', op: '=~', value: 'db|batch' } as LabelMatcher], [name('memory_bytes'), { name: 'job', op: '!=', value: 'db' } as LabelMatcher]]) {
      const [aws, mine] = await Promise.all([store.select(sel(...old, ...matchers)), local.select(sel(...old, ...matchers))]);
      expect(aws.length).toBeGreaterThan(0);
      expect(aws).toEqual(mine);
      expect(await store.findSeries(sel(...old, ...matchers))).toEqual(await local.findSeries(sel(...old, ...matchers)));
    }
    expect(await store.labelValues('job', sel(...old))).toEqual(['api', 'batch', 'db']);
    expect(await store.labelNames(sel(...old, name('memory_bytes')))).toEqual(['__name__', 'job']);

    // A PromQL range query over the old days gives the same answer on both runtimes, unasked.
    const [start, end, step] = [NOW - 93 * DAY, NOW - 91 * DAY, H];
    for (const q of ['sum by (job) (rate(http_requests_total[1h]))', 'max_over_time(memory_bytes[2h])', 'count(memory_bytes)']) {
      expect(await rangeQuery(store, q, start, end, step)).toEqual(await rangeQuery(local, q, start, end, step));
    }
    cleanup();
  });

  it('stitches a range across the horizon: rollups before it, raw samples from it, in order and without repeats', async () => {
    const clock = new ManualClock(NOW);
    const { fake, store } = timestream(clock);
    const labels = { __name__: 'up', job: 'x' };
    const samples = [];
    for (let t = NOW - RAW - 3 * H; t <= NOW - RAW + 3 * H; t += M) samples.push({ timestamp: t, value: 1 });
    await store.write([{ labels, samples }]);
    ageOnAws(fake);
    const [s] = await store.select(sel(NOW - RAW - 2 * H, NOW - RAW + 2 * H, name('up')));
    const times = s.samples.map((x) => x.timestamp);
    const horizon = NOW - RAW + H;
    const before = times.filter((t) => t < horizon);
    expect(before.every((t) => t % (5 * M) === 0)).toBe(true);
    expect(before).toHaveLength(36);
    expect(times.filter((t) => t >= horizon)).toHaveLength(61);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
  });
});

describe('Timestream rollup writes', () => {
  it('tags every record with the series id and catalogues each series once per UTC day', async () => {
    const clock = new ManualClock(NOW);
    const { fake, store } = timestream(clock);
    const labels = { __name__: 'up', job: 'x', instance: 'i' };
    await store.write([{ labels, samples: [{ timestamp: NOW - DAY - M, value: 1 }, { timestamp: NOW - M, value: 2 }] }]);
    await store.write([{ labels, samples: [{ timestamp: NOW - 30_000, value: 3 }] }]);
    const calls = writes.commandCalls(WriteRecordsCommand).map((c) => c.args[0].input);
    const catalogue = calls.filter((c) => c.TableName === 'metric_series');
    expect(catalogue).toHaveLength(1);
    expect(catalogue[0].Records!.map((r) => r.Time)).toEqual([String(NOW - 2 * DAY), String(NOW - DAY)]);
    expect(catalogue[0].CommonAttributes).toMatchObject({ MeasureName: 'up', MeasureValueType: 'DOUBLE' });
    expect(catalogue[0].CommonAttributes!.Dimensions).toContainEqual({ Name: '__series_id', Value: seriesId(labels), DimensionValueType: 'VARCHAR' });
    expect(fake.rows('metrics').map((r) => r.__series_id)).toEqual([seriesId(labels), seriesId(labels), seriesId(labels)]);
    expect(seriesId(labels)).toMatch(/^[0-9a-f]{16}$/);
    expect(seriesId({ ...labels, job: 'y' })).not.toBe(seriesId(labels));
  });

  it('refuses a series whose series-table record is refused, and catalogues it again on the retry', async () => {
    const clock = new ManualClock(NOW);
    const { fake, store } = timestream(clock);
    let refuse = true;
    writes.on(WriteRecordsCommand).callsFake((input: WriteRecordsCommandInput) => {
      if (input.TableName === 'metric_series' && refuse) {
        refuse = false;
        throw new RejectedRecordsException({ message: 'rejected', $metadata: {}, RejectedRecords: [{ RecordIndex: 0, Reason: 'throttled partition' }] });
      }
      return fake.writeRecords(input);
    });
    const labels = { __name__: 'up', job: 'x' };
    const first = await store.write([{ labels, samples: [{ timestamp: NOW - M, value: 1 }] }]);
    expect(first.rejected).toEqual([{ labels, reason: 'series table refused the series: throttled partition' }]);
    expect((await store.write([{ labels, samples: [{ timestamp: NOW - M, value: 1 }] }])).rejected).toEqual([]);
    expect(fake.rows('metric_series')).toHaveLength(1);
  });

  it('reads no rollups, and names no rollup column, before the scheduled query first wrote', async () => {
    const { fake, store } = timestream(new ManualClock(NOW));
    await store.write([{ labels: { __name__: 'up', job: 'x' }, samples: [{ timestamp: NOW - RAW - H, value: 1 }, { timestamp: NOW - M, value: 1 }] }]);
    const [s] = await store.select(sel(NOW - RAW - 2 * H, NOW, name('up')));
    expect(s.samples.map((x) => x.timestamp)).toEqual([NOW - M]);
    expect(fake.queries.some((q) => q.includes('metrics_5m') && q.startsWith('SELECT'))).toBe(false);
  });

  it('escapes a label named like the series-id dimension', async () => {
    const { fake, store } = timestream(new ManualClock(NOW));
    await store.write([{ labels: { __name__: 'up', __series_id: 'mine' }, samples: [{ timestamp: NOW - M, value: 1 }] }]);
    expect(fake.rows('metrics')[0]).toMatchObject({ lbl___series_id: 'mine', __series_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const [s] = await store.select(sel(NOW - H, NOW, name('up')));
    expect(s.labels).toEqual({ __name__: 'up', __series_id: 'mine' });
  });
});

describe('the rollup scheduled query', () => {
  it('reads the hour that ended an hour before each hourly run and writes five attributes per series and bucket', () => {
    const sql = rollupQueryString('obs', 'metrics');
    expect(ROLLUP_SCHEDULE.expression).toBe('cron(0 * * * ? *)');
    expect(sql).toContain(`FROM "obs"."metrics"`);
    expect(sql).toContain(`WHERE time >= @scheduled_runtime - (interval '2' hour) AND time < @scheduled_runtime - (interval '1' hour)`);
    expect(sql).toContain('GROUP BY "__series_id", measure_name, bin(time, 5m)');
    expect(sql).toContain('max_by(measure_value::double, time) AS last_value');
    const target = rollupTarget('obs', 'metrics_5m');
    expect(target.multiMeasureMappings.multiMeasureAttributeMappings.map((m) => m.sourceColumn)).toEqual(['min_value', 'max_value', 'sum_value', 'sample_count', 'last_value']);
    for (const m of target.multiMeasureMappings.multiMeasureAttributeMappings) expect(sql).toContain(` AS ${m.sourceColumn}`);
    expect(sql).toContain(` AS ${target.timeColumn},`);
  });
});

describeMetricStoreContract('TimestreamMetricStore with rollups (stateful fake)', async () => {
  const clock = new ManualClock(1_700_000_999_000);
  return { store: timestream(clock).store };
}, { nonFiniteValues: false });
