import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { openDatabase } from '../../../lambdas/adapters/embedded/sqlite-database';
import { SqliteMetricStore } from '../../../lambdas/adapters/embedded/sqlite-metric-store';
import { SqliteStateStore } from '../../../lambdas/adapters/embedded/sqlite-state-store';
import { encodeEnvelope } from '../../../lambdas/api/ingest/envelope-codec';
import { isStaleNaN, STALE_NAN, type Series } from '../../../lambdas/core/domain/series';
import { MetricMetadataCatalog } from '../../../lambdas/core/metrics/metric-metadata-catalog';
import { encodeSeriesBody } from '../../../lambdas/core/metrics/series-body';
import { ManualClock, type MetricStore, type Ports } from '../../../lambdas/core/ports';
import { useMetricIngestSettings } from '../../../lambdas/api/ingest/metric-ingest-settings';
import { usePorts } from '../../../lambdas/handlers/composition/ports-provider';
import { handler as metricsWriter } from '../../../lambdas/handlers/metrics-writer';
import { configureObservability } from '../../../lambdas/handlers/middleware/observability';
import { quietHandlers } from '../../support/quiet-handlers';

const context = { awsRequestId: 'r', functionName: 'metrics-writer' } as Context;

function event(envelopes: { kind: string; body: unknown }[]): KinesisStreamEvent {
  return {
    Records: envelopes.map((e, i) => ({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: 'series-1',
        sequenceNumber: `100${i}`,
        data: Buffer.from(encodeEnvelope({ id: `id-${i}`, kind: e.kind, receivedAt: 1, body: e.body })).toString('base64'),
        approximateArrivalTimestamp: 1,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-0:100${i}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn',
      awsRegion: 'local',
      eventSourceARN: 'arn:aws:kinesis:local:0:stream/metrics',
    })),
  };
}

function ports(metrics?: MetricStore) {
  const db = openDatabase(':memory:');
  const clock = new ManualClock(1_000_000);
  const state = new SqliteStateStore(db, clock);
  return { metrics: metrics ?? new SqliteMetricStore(db), state, clock } as unknown as Ports;
}

describe('metrics-writer', () => {
  quietHandlers();

  it('stores compact series bodies, keeping NaN, ±Inf and the stale marker, and metadata in the state store', async () => {
    const p = ports();
    usePorts(p);
    const samples = [
      { timestamp: 1000, value: 0.5 },
      { timestamp: 2000, value: Number.NaN },
      { timestamp: 3000, value: -Infinity },
      { timestamp: 4000, value: STALE_NAN },
    ];
    const series: Series[] = [{ labels: { __name__: 'q', job: 'a' }, samples }];
    const res = await metricsWriter(
      event([
        { kind: 'series', body: encodeSeriesBody(series) },
        { kind: 'metric-metadata', body: [{ metricFamilyName: 'q', type: 'gauge', help: 'Queue depth', unit: '' }] },
      ]),
      context,
    );
    expect(res).toEqual({ batchItemFailures: [] });
    const [stored] = await p.metrics.select({ matchers: [{ name: '__name__', op: '=', value: 'q' }], range: { start: 0, end: 10_000 } });
    expect(stored.samples.map((s) => s.timestamp)).toEqual([1000, 2000, 3000, 4000]);
    expect(stored.samples[0].value).toBe(0.5);
    expect(Number.isNaN(stored.samples[1].value) && !isStaleNaN(stored.samples[1].value)).toBe(true);
    expect(stored.samples[2].value).toBe(-Infinity);
    expect(isStaleNaN(stored.samples[3].value)).toBe(true);
    expect((await new MetricMetadataCatalog(p.state).all()).get('q')).toEqual({ type: 'gauge', help: 'Queue depth', unit: '' });
  });

  it('fails a record whose series the store refuses, with the reason, and keeps going with the others', async () => {
    const inner = ports();
    const refusing: MetricStore = {
      ...inner.metrics,
      ping: () => inner.metrics.ping(),
      select: (s) => inner.metrics.select(s),
      findSeries: (s) => inner.metrics.findSeries(s),
      labelNames: (s) => inner.metrics.labelNames(s),
      labelValues: (n, s) => inner.metrics.labelValues(n, s),
      async write(series) {
        const bad = series.filter((s) => s.labels.tenant === 'bad');
        const ok = await inner.metrics.write(series.filter((s) => s.labels.tenant !== 'bad'));
        return { accepted: ok.accepted, rejected: bad.map((s) => ({ labels: s.labels, reason: 'dimension name refused' })) };
      },
    };
    const errors: string[] = [];
    (console.error as jest.Mock).mockImplementation((line: string) => errors.push(line));
    usePorts({ ...inner, metrics: refusing });
    const res = await metricsWriter(
      event([
        { kind: 'series', body: encodeSeriesBody([{ labels: { __name__: 'm', tenant: 'bad' }, samples: [{ timestamp: 1, value: 1 }] }]) },
        { kind: 'series', body: encodeSeriesBody([{ labels: { __name__: 'm', tenant: 'good' }, samples: [{ timestamp: 1, value: 2 }] }]) },
        { kind: 'series', body: [{ labels: { __name__: 'm' }, t: [1, 2], v: [1] }] },
      ]),
      context,
    );
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: '1000' }, { itemIdentifier: '1002' }] });
    expect(errors.join('\n')).toMatch(/refused 1 series .*dimension name refused/);
    expect(errors.join('\n')).toMatch(/2 timestamps and 1 values/);
    const stored = await inner.metrics.select({ matchers: [{ name: '__name__', op: '=', value: 'm' }], range: { start: 0, end: 10 } });
    expect(stored.map((s) => s.labels.tenant)).toEqual(['good']);
  });

  it('writes unchanged metadata to the state store only once per container', async () => {
    const p = ports();
    let puts = 0;
    const state = p.state;
    const counting = Object.create(state) as typeof state;
    counting.put = <T,>(kind: string, id: string, value: T) => {
      puts++;
      return state.put(kind, id, value);
    };
    usePorts({ ...p, state: counting });
    const meta = { kind: 'metric-metadata', body: [{ metricFamilyName: 'z', type: 'counter', help: 'h', unit: '' }] };
    await metricsWriter(event([meta, meta]), context);
    await metricsWriter(event([meta]), context);
    expect(puts).toBe(1);
  });
});

describe('metrics-writer cardinality limit', () => {
  let restore: ReturnType<typeof configureObservability>;
  beforeAll(() => {
    restore = configureObservability({ sink: () => undefined });
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    useMetricIngestSettings({ limits: { maxSeriesPerMetric: 3 } });
  });
  afterAll(() => {
    useMetricIngestSettings(undefined);
    configureObservability(restore);
    usePorts(undefined);
    jest.restoreAllMocks();
  });

  it('keeps writing known series of a metric at its limit and refuses new ones with the reason', async () => {
    const p = ports();
    usePorts(p);
    const now = p.clock.now();
    const s = (pod: string, metric = 'pods') => ({ labels: { __name__: metric, pod }, samples: [{ timestamp: now, value: 1 }] });
    expect(await metricsWriter(event([{ kind: 'series', body: encodeSeriesBody([s('a'), s('b'), s('c')]) }]), context)).toEqual({ batchItemFailures: [] });
    const errors: string[] = [];
    (console.error as jest.Mock).mockImplementation((line: string) => errors.push(line));
    const res = await metricsWriter(event([{ kind: 'series', body: encodeSeriesBody([s('a'), s('d'), s('x', 'other')]) }]), context);
    expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: '1000' }] });
    expect(errors.join('\n')).toMatch(/metric pods has 3 active series, the limit is 3/);
    const stored = await p.metrics.findSeries({ matchers: [], range: { start: 0, end: now } });
    expect(stored.map((l) => l.pod).sort()).toEqual(['a', 'b', 'c', 'x']);
  });
});
