import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { startLocalPlatform, type LocalPlatform } from '../../../lambdas/local/local-platform';

const ROOT = join(__dirname, '../../..');

interface Vector {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

describe('the OpenTelemetry JS SDK sending metrics over OTLP/HTTP', () => {
  let dir: string;
  let platform: LocalPlatform;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otel-metrics-'));
    platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: () => {}, dispatcher: { pollIntervalMs: 10 } });
  });
  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const query = async (q: string): Promise<Vector['data']['result']> => {
    const res = await fetch(`${platform.url}/api/v1/query?${new URLSearchParams({ query: q, time: String(Date.now() / 1000) })}`);
    const body = (await res.json()) as Vector;
    expect(body.status).toBe('success');
    return body.data.result;
  };

  const send = (format: string, job: string) =>
    new Promise<string>((resolve, reject) =>
      execFile(join(ROOT, 'node_modules/.bin/tsx'), [join(__dirname, 'otel-sdk-sender.ts'), `${platform.url}/v1/metrics`, format, job], { cwd: ROOT }, (error, stdout, stderr) =>
        error ? reject(new Error(`the sender failed: ${stderr}`)) : resolve(stdout),
      ),
    );

  it.each([
    ['JSON', 'json'],
    ['protobuf with gzip', 'proto'],
  ])('counters, gauges and histograms sent as %s are queryable with PromQL under the translated names', async (_name, format) => {
    const job = `checkout-${format}`;
    expect(await send(format, job)).toBe('exported\n');
    const sel = `{job="${job}"}`;
    const deadline = Date.now() + 10_000;
    while ((await query(`orders_placed_total${sel}`)).length < 2) {
      if (Date.now() > deadline) throw new Error('the metrics did not arrive');
      await new Promise((r) => setTimeout(r, 50));
    }
    const counts = Object.fromEntries((await query(`orders_placed_total${sel}`)).map((r) => [r.metric.payment_method, r.value[1]]));
    expect(counts).toEqual({ card: '5', cash: '4' });
    expect((await query(`orders_placed_total${sel}`))[0].metric).toMatchObject({ instance: 'pod-1', job });
    expect((await query(`queue_depth${sel}`)).map((r) => r.value[1])).toEqual(['7']);
    expect((await query(`http_server_duration_milliseconds_count${sel}`)).map((r) => r.value[1])).toEqual(['10']);
    expect((await query(`http_server_duration_milliseconds_sum${sel}`)).map((r) => r.value[1])).toEqual(['1835']);
    // 4 of 10 observations are at most 50 ms, 7 at most 100: the 5th lies a third into (50, 100].
    const median = await query(`histogram_quantile(0.5, sum by (le) (http_server_duration_milliseconds_bucket${sel}))`);
    expect(Number(median[0].value[1])).toBeCloseTo(50 + 50 / 3, 6);
    const buckets = (await query(`http_server_duration_milliseconds_bucket${sel}`)).map((r) => r.metric.le).sort();
    expect(buckets).toEqual(['+Inf', '10', '100', '50', '500']);
    expect((await query(`target_info${sel}`))[0].metric).toMatchObject({ deployment_environment: 'test' });
    const meta = (await (await fetch(`${platform.url}/api/v1/metadata?metric=orders_placed_total`)).json()) as { data: Record<string, { type: string; help: string }[]> };
    expect(meta.data.orders_placed_total).toEqual([{ type: 'counter', help: 'Orders placed', unit: '' }]);
  });
});
