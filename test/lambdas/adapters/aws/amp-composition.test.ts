import { AmpMetricStore } from '../../../../lambdas/adapters/aws/amp-metric-store';
import { TimestreamMetricStore } from '../../../../lambdas/adapters/aws/timestream-metric-store';
import { createAwsPorts, MissingEnvironmentError } from '../../../../lambdas/handlers/composition/aws-ports';
import { FAKE_CREDENTIALS, FAKE_REGION, FAKE_WORKSPACE, FakeAmpWorkspace } from './amp-fake-workspace';

describe('AWS composition root: choosing the metric store by METRIC_STORE', () => {
  it('builds Timestream by default and AMP for METRIC_STORE=prometheus', () => {
    expect(createAwsPorts({ TIMESTREAM_DATABASE: 'd', TIMESTREAM_TABLE: 't' }).metrics).toBeInstanceOf(TimestreamMetricStore);
    expect(createAwsPorts({ METRIC_STORE: 'timestream', TIMESTREAM_DATABASE: 'd', TIMESTREAM_TABLE: 't' }).metrics).toBeInstanceOf(TimestreamMetricStore);
    expect(createAwsPorts({ METRIC_STORE: 'prometheus', AMP_WORKSPACE_ID: FAKE_WORKSPACE, AMP_REGION: FAKE_REGION }).metrics).toBeInstanceOf(AmpMetricStore);
  });

  it('names what is missing or wrong', () => {
    expect(() => createAwsPorts({ METRIC_STORE: 'prometheus' }).metrics).toThrow(new MissingEnvironmentError('AMP_WORKSPACE_ID', 'metrics'));
    expect(() => createAwsPorts({ METRIC_STORE: 'prometheus', AMP_WORKSPACE_ID: 'ws-1' }).metrics).toThrow(/AWS_REGION/);
    expect(() => createAwsPorts({ METRIC_STORE: 'influx' }).metrics).toThrow('METRIC_STORE="influx" is not a metric store; expected timestream or prometheus');
  });

  it('writes and reads through the workspace with credentials from the default provider chain', async () => {
    const fake = await new FakeAmpWorkspace().start();
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, token: process.env.AWS_SESSION_TOKEN };
    process.env.AWS_ACCESS_KEY_ID = FAKE_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = FAKE_CREDENTIALS.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    try {
      const { metrics } = createAwsPorts({ METRIC_STORE: 'prometheus', AMP_WORKSPACE_ID: FAKE_WORKSPACE, AMP_REGION: FAKE_REGION, AMP_ENDPOINT: fake.endpoint });
      const t = Date.now() - 60_000;
      expect(await metrics.write([{ labels: { __name__: 'up', job: 'x' }, samples: [{ timestamp: t, value: 1 }] }])).toEqual({ accepted: 1, rejected: [] });
      expect(await metrics.findSeries({ matchers: [{ name: 'job', op: '=', value: 'x' }], range: { start: t - 1000, end: t + 1000 } })).toEqual([{ __name__: 'up', job: 'x' }]);
      await expect(metrics.ping()).resolves.toBeUndefined();
    } finally {
      for (const [k, v] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret], ['AWS_SESSION_TOKEN', saved.token]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await fake.stop();
    }
  });
});
