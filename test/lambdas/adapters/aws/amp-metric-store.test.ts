import { createHash } from 'node:crypto';
import { AmpMetricStore } from '../../../../lambdas/adapters/aws/amp-metric-store';
import { decodeRemoteWrite } from '../../../../lambdas/core/metrics/remote-write-codec';
import { hasPromqlPassthrough, PromqlPassthroughError } from '../../../../lambdas/core/ports/promql-passthrough';
import { snappyDecompress } from '../../../../lambdas/core/wire/snappy';
import { describeMetricStoreContract } from '../../../support/contract/metric-store-contract';
import { FAKE_CREDENTIALS, FAKE_REGION, FAKE_WORKSPACE, FakeAmpWorkspace } from './amp-fake-workspace';

const T0 = 1_700_000_000_000;
let fake: FakeAmpWorkspace;
const store = (extra: Partial<ConstructorParameters<typeof AmpMetricStore>[0]> = {}) =>
  new AmpMetricStore({ region: FAKE_REGION, workspaceId: FAKE_WORKSPACE, endpoint: fake.endpoint, credentials: FAKE_CREDENTIALS, baseDelayMs: 1, ...extra });

describeMetricStoreContract(
  'AmpMetricStore (stateful fake workspace over HTTP on 127.0.0.1, SigV4 verified)',
  async () => {
    fake = await new FakeAmpWorkspace().start();
    // A small read window so the contract's two-hour ranges are read in several windows.
    return { store: store({ maxWindowMs: 1_800_000, maxLookupWindowMs: 2_700_000 }), cleanup: () => fake.stop() };
  },
  { nonFiniteValues: true, rewritesKeepFirstValue: true },
);

describe('AmpMetricStore request shapes', () => {
  beforeEach(async () => {
    fake = await new FakeAmpWorkspace().start();
  });
  afterEach(() => fake.stop());

  it('POSTs remote_write 1.0 (snappy protobuf) signed with SigV4 for aps', async () => {
    const now = new Date('2026-11-22T10:20:30Z');
    const s = store({ now: () => now });
    const result = await s.write([{ labels: { __name__: 'up', job: 'api', empty: '' }, samples: [{ timestamp: T0 + 1000, value: 1 }, { timestamp: T0, value: 0 }] }]);
    expect(result).toEqual({ accepted: 2, rejected: [] });
    expect(fake.requests).toHaveLength(1);
    const [req] = fake.requests;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/workspaces/${FAKE_WORKSPACE}/api/v1/remote_write`);
    expect(req.headers['content-encoding']).toBe('snappy');
    expect(req.headers['content-type']).toBe('application/x-protobuf');
    expect(req.headers['x-prometheus-remote-write-version']).toBe('0.1.0');
    expect(req.headers['x-amz-date']).toBe('20261122T102030Z');
    expect(req.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(req.body).digest('hex'));
    const auth = String(req.headers.authorization);
    expect(auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFAKEAMP\/20261122\/eu-west-1\/aps\/aws4_request, SignedHeaders=([a-z0-9-;]+), Signature=[0-9a-f]{64}$/);
    const signed = /SignedHeaders=([^,]+)/.exec(auth)![1].split(';');
    expect(signed).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-content-sha256', 'content-type', 'content-encoding']));
    expect(signed).toEqual([...signed].sort());
    // The body: labels sorted, empty labels dropped, samples in time order.
    const decoded = decodeRemoteWrite(snappyDecompress(new Uint8Array(req.body)));
    expect(decoded.series).toEqual([{ labelPairs: [['__name__', 'up'], ['job', 'api']], samples: [{ timestamp: T0, value: 0 }, { timestamp: T0 + 1000, value: 1 }] }]);
  });

  it('signs the session token of temporary credentials (the Lambda role) as x-amz-security-token', async () => {
    const s = store({ credentials: async () => ({ ...FAKE_CREDENTIALS, sessionToken: 'session-token-1' }) });
    expect((await s.write([{ labels: { __name__: 'up' }, samples: [{ timestamp: T0, value: 1 }] }])).accepted).toBe(1);
    const [req] = fake.requests;
    expect(req.headers['x-amz-security-token']).toBe('session-token-1');
    expect(String(req.headers.authorization)).toMatch(/SignedHeaders=[^,]*x-amz-security-token/);
  });

  it('is refused by the workspace when the signature is wrong (the fake checks it)', async () => {
    const s = new AmpMetricStore({ region: FAKE_REGION, workspaceId: FAKE_WORKSPACE, endpoint: fake.endpoint, credentials: { ...FAKE_CREDENTIALS, secretAccessKey: 'wrong' }, baseDelayMs: 1 });
    await expect(s.write([{ labels: { __name__: 'up' }, samples: [{ timestamp: T0, value: 1 }] }])).rejects.toThrow(/403/);
  });

  it('batches by sample count, splitting a long series in time order', async () => {
    const long = { labels: { __name__: 'long', k: 'v' }, samples: Array.from({ length: 25 }, (_, i) => ({ timestamp: T0 + i * 1000, value: i })) };
    const short = Array.from({ length: 5 }, (_, i) => ({ labels: { __name__: 'short', i: String(i) }, samples: [{ timestamp: T0, value: i }] }));
    expect(await store({ maxSamplesPerRequest: 10 }).write([long, ...short])).toEqual({ accepted: 30, rejected: [] });
    const bodies = fake.requests.map((r) => decodeRemoteWrite(snappyDecompress(new Uint8Array(r.body))).series);
    expect(bodies.map((b) => b.reduce((n, s) => n + s.samples.length, 0))).toEqual([10, 10, 10]);
    expect(fake.stored().find((s) => s.labels.__name__ === 'long')!.samples.map((x) => x.value)).toEqual(long.samples.map((x) => x.value));
  });

  it('retries 429 and 5xx with backoff, then succeeds', async () => {
    fake.failNext(429, 503, 500);
    expect(await store().write([{ labels: { __name__: 'up' }, samples: [{ timestamp: T0, value: 1 }] }])).toEqual({ accepted: 1, rejected: [] });
    expect(fake.requests).toHaveLength(4);
  });

  it('gives up after maxRetries with an error naming the status (the stream record is retried later)', async () => {
    fake.failNext(503, 503, 503);
    await expect(store({ maxRetries: 2 }).write([{ labels: { __name__: 'up' }, samples: [{ timestamp: T0, value: 1 }] }])).rejects.toThrow(/503 after 3 attempts/);
  });

  it('turns a 400 into per-series rejections with the reason, storing the rest', async () => {
    const s = store();
    await s.write([{ labels: { __name__: 'g', k: 'a' }, samples: [{ timestamp: T0, value: 1 }] }]);
    fake.requests.length = 0;
    const result = await s.write([
      { labels: { __name__: 'g', k: 'a' }, samples: [{ timestamp: T0, value: 2 }] },
      { labels: { __name__: 'g', k: 'b' }, samples: [{ timestamp: T0, value: 3 }] },
      { labels: { __name__: 'g', k: 'c' }, samples: [{ timestamp: T0, value: 4 }] },
      { labels: { 'bad-name': 'x', __name__: 'g' }, samples: [{ timestamp: T0, value: 5 }] },
    ]);
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([
      { labels: { 'bad-name': 'x', __name__: 'g' }, reason: expect.stringMatching(/label name "bad-name" is not valid/) },
      { labels: { __name__: 'g', k: 'a' }, reason: expect.stringMatching(/^Amazon Managed Service for Prometheus refused the samples \(400\): err-mimir-sample-duplicate-timestamp/) },
    ]);
    expect(fake.stored().map((x) => `${x.labels.k}=${x.samples[0].value}`).sort()).toEqual(['a=1', 'b=3', 'c=4']);
  });

  it('reads raw samples with a range selector at the window end, one request per window', async () => {
    const s = store({ maxWindowMs: 60_000 });
    await s.write([{ labels: { __name__: 'm', a: 'x' }, samples: [0, 30_000, 60_000, 90_000, 119_999].map((t) => ({ timestamp: T0 + t, value: t })) }]);
    fake.requests.length = 0;
    const got = await s.select({ matchers: [{ name: 'a', op: '=', value: 'x' }], range: { start: T0, end: T0 + 119_999 } });
    expect(got).toEqual([{ labels: { __name__: 'm', a: 'x' }, samples: [0, 30_000, 60_000, 90_000, 119_999].map((t) => ({ timestamp: T0 + t, value: t })) }]);
    const queries = fake.requests.map((r) => new URLSearchParams(r.body.toString()));
    expect(fake.requests.map((r) => [r.method, r.path.split('/api/v1')[1], r.headers['content-type']])).toEqual([
      ['POST', '/query', 'application/x-www-form-urlencoded'],
      ['POST', '/query', 'application/x-www-form-urlencoded'],
    ]);
    expect(queries.map((q) => [q.get('query'), q.get('time')])).toEqual([
      ['{a="x"}[60000ms]', '1700000059.999'],
      ['{a="x"}[60000ms]', '1700000119.999'],
    ]);
    expect(fake.requests[0].headers['x-amz-content-sha256']).toBe(createHash('sha256').update(fake.requests[0].body).digest('hex'));
  });

  it('bounds each read by query samples processed when asked (AMP refuses over-threshold queries uncharged)', async () => {
    const s = store({ maxSamplesProcessed: 5_000_000 });
    await s.select({ matchers: [{ name: '__name__', op: '=', value: 'm' }], range: { start: T0, end: T0 + 1000 } });
    await s.promqlInstant('sum(m)', T0);
    for (const r of fake.requests) expect(new URLSearchParams(r.body.toString()).get('max_samples_processed_error_threshold')).toBe('5000000');
  });

  it('asks /api/v1/series with match[], start, end and limit, and GETs label values with a signed query string', async () => {
    const s = store();
    await s.write([{ labels: { __name__: 'm', a: 'x y' }, samples: [{ timestamp: T0, value: 1 }] }]);
    fake.requests.length = 0;
    await s.findSeries({ matchers: [{ name: '__name__', op: '=', value: 'm' }], range: { start: T0, end: T0 + 1000 }, limit: 5 });
    expect(Object.fromEntries(new URLSearchParams(fake.requests[0].body.toString()))).toEqual({ 'match[]': '{__name__="m"}', start: '1700000000.000', end: '1700000001.000', limit: '5' });
    expect(await s.labelValues('a', { matchers: [{ name: 'a', op: '=~', value: 'x.*' }], range: { start: T0, end: T0 + 1000 } })).toEqual(['x y']);
    const get = fake.requests[1];
    expect([get.method, get.path.split('/api/v1')[1]]).toEqual(['GET', '/label/a/values']);
    expect(get.query).toEqual([['match[]', '{a=~"x.*"}'], ['start', '1700000000.000'], ['end', '1700000001.000']]);
  });

  it('passes PromQL to the workspace whole, in the engine result shape, and surfaces its errors', async () => {
    const s = store();
    expect(hasPromqlPassthrough(s)).toBe(true);
    await s.write([1, 2].map((i) => ({ labels: { __name__: 'req', i: String(i) }, samples: [{ timestamp: T0, value: i * 10 }] })));
    expect(await s.promqlInstant('sum(req)', T0 + 1000)).toEqual({ resultType: 'vector', result: [{ metric: {}, timestamp: T0 + 1000, value: 30 }], warnings: [], infos: [] });
    const range = await s.promqlRange('req * 2', T0, T0 + 60_000, 30_000);
    expect(range).toMatchObject({ resultType: 'matrix', result: [{ metric: { i: '1' }, points: [{ timestamp: T0, value: 20 }, { timestamp: T0 + 30_000, value: 20 }, { timestamp: T0 + 60_000, value: 20 }] }, { metric: { i: '2' } }] });
    await expect(s.promqlInstant('sum(', T0)).rejects.toBeInstanceOf(PromqlPassthroughError);
  });
});
