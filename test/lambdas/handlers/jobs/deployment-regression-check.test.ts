import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import { openDatabase } from '../../../../lambdas/adapters/embedded/sqlite-database';
import { SqliteMetricStore } from '../../../../lambdas/adapters/embedded/sqlite-metric-store';
import { SqliteNotifier } from '../../../../lambdas/adapters/embedded/sqlite-notifier';
import { SqliteStateStore } from '../../../../lambdas/adapters/embedded/sqlite-state-store';
import { SqliteTelemetryStream } from '../../../../lambdas/adapters/embedded/sqlite-telemetry-stream';
import { SqliteTraceStore } from '../../../../lambdas/adapters/embedded/sqlite-trace-store';
import { DEPLOYMENT_KIND } from '../../../../lambdas/core/profiling/deployment-benchmarks';
import type { Span } from '../../../../lambdas/core/domain/span';
import { WEBHOOK_DELIVERY_KIND, WEBHOOK_KIND, type WebhookSubscription } from '../../../../lambdas/core/integrations/integration-event';
import { ManualClock, type Ports, type StateStore } from '../../../../lambdas/core/ports';
import type { DeploymentEvent } from '../../../../lambdas/core/profiling/performance-baselines';
import { verifyWebhook } from '../../../../lambdas/core/webhooks/webhook-signature';
import { usePorts } from '../../../../lambdas/handlers/composition/ports-provider';
import { DEPLOYMENT_REGRESSION_KIND, runDeploymentRegressionCheck } from '../../../../lambdas/handlers/jobs/deployment-regression-check';
import { configureObservability } from '../../../../lambdas/handlers/middleware/observability';
import { handler as slaReport } from '../../../../lambdas/handlers/sla-report';
import { call, request } from '../../api/api-test-kit';
import { seededRandom } from '../../../support/seeded-random';

const H = 3_600_000;
const NOW = Date.parse('2026-11-22T12:00:00Z');
const DEPLOYED = NOW - 3 * H;
const SECRET = 'a'.repeat(64);
const retry = { baseDelayMs: 1, maxDelayMs: 5 };

let spanSeq = 0;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** One root span every 15 s from `from` to `to`, latency ~ 100 ms with noise, times `factor`. */
function roots(service: string, operation: string, from: number, to: number, factor: number, seed: number): Span[] {
  const random = seededRandom(seed);
  const out: Span[] = [];
  for (let t = from; t < to; t += 15_000) {
    spanSeq++;
    const ms = (80 + 40 * random() + (random() < 0.1 ? 60 * random() : 0)) * factor;
    out.push({ traceId: hex(spanSeq, 32), spanId: hex(spanSeq, 16), name: operation, service, kind: 'server', startTime: t * 1000, duration: Math.round(ms * 1000), status: 'ok', attributes: {}, resource: {}, events: [] });
  }
  return out;
}

function platform() {
  const db = openDatabase(':memory:');
  const clock = new ManualClock(NOW);
  const ports: Ports = {
    metrics: new SqliteMetricStore(db),
    logs: undefined as unknown as Ports['logs'],
    traces: new SqliteTraceStore(db),
    state: new SqliteStateStore(db, clock),
    notifier: new SqliteNotifier(db, clock),
    stream: new SqliteTelemetryStream(db, clock),
    clock,
  };
  return { db, clock, ports };
}

async function deploy(ports: Ports, id: string, d: DeploymentEvent): Promise<void> {
  await ports.state.put(DEPLOYMENT_KIND, id, d, { expectedVersion: 0 });
}

async function subscribe(ports: Ports, id: string, url: string, services?: string[]): Promise<void> {
  const sub: WebhookSubscription = { id, name: id, url, events: ['deployment.regressed'], ...(services && { services }), secret: SECRET, enabled: true, createdAt: NOW - 10 * H };
  await ports.state.put(WEBHOOK_KIND, id, sub);
}

/** A checkout deployment 3 h ago: an hour of baseline, then an hour at `factor` times the latency (another service unchanged). */
async function seedDeployment(ports: Ports, factor: number, seed: number, service = 'checkout', id = '2026-11-22T09:00:00.000Z_0000abcd'): Promise<string> {
  await ports.traces.putSpans([...roots(service, 'GET /cart', DEPLOYED - H, DEPLOYED, 1, seed), ...roots(service, 'GET /cart', DEPLOYED, DEPLOYED + H, factor, seed + 1)]);
  await ports.traces.putSpans(roots('search', 'GET /q', DEPLOYED - H, DEPLOYED + H, 1, seed + 2));
  await deploy(ports, id, { service, version: 'v2', time: DEPLOYED });
  return id;
}

describe('deployment regression check (publishes deployment.regressed)', () => {
  let receiver: Server;
  let url: string;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise((r) => receiver.close(r)));
  beforeEach(() => {
    received.length = 0;
  });

  it('a 20% slowdown after a deployment gives exactly one signed delivery; later runs publish nothing more', async () => {
    const { ports, clock } = platform();
    const id = await seedDeployment(ports, 1.2, 11);
    // Still inside its post-deployment window: pending, not judged.
    await deploy(ports, '2026-11-22T11:30:00.000Z_0000beef', { service: 'checkout', version: 'v3', time: NOW - 30 * 60_000 });
    await subscribe(ports, 'ops', url);

    const first = await runDeploymentRegressionCheck(ports, { retry });
    expect(first).toMatchObject({ deployments: 2, pending: 1, checked: 1, regressed: 1, published: 1, alreadyPublished: 0, errors: 0 });
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(verifyWebhook(SECRET, hit.body, String(hit.headers['x-signature']), Math.floor(NOW / 1000))).toBe(true);
    expect(verifyWebhook('b'.repeat(64), hit.body, String(hit.headers['x-signature']), Math.floor(NOW / 1000))).toBe(false);
    expect(hit.headers['x-event-type']).toBe('deployment.regressed');
    const body = JSON.parse(hit.body);
    const eventId = `deployment-regressed-${id}-checkout`;
    expect(hit.headers['idempotency-key']).toBe(eventId);
    expect(body).toMatchObject({
      id: eventId,
      type: 'deployment.regressed',
      occurredAt: '2026-11-22T12:00:00.000Z',
      service: 'checkout',
      data: { deploymentId: id, version: 'v2', deployedAt: '2026-11-22T09:00:00.000Z', metric: 'latency', unit: 'ms', percentile: 'p95', operation: 'GET /cart', threshold: { minRelativeChange: 0.1, alpha: 0.01 } },
    });
    expect(body.data.current).toBeGreaterThan(body.data.baseline);
    expect(body.data.changePercent).toBeGreaterThan(10);
    expect(body.data.changePercent).toBeLessThan(35);
    expect(body.data.changePercent).toBeCloseTo(((body.data.current - body.data.baseline) / body.data.baseline) * 100, 1);
    expect(body.data.reasons.length).toBeGreaterThan(0);

    // The link reproduces the verdict through the read API.
    const api = await call(ports, request('GET', body.data.link));
    expect(api.status).toBe(200);
    const item = (api.body.items as { service: string; operation: string; regressed: boolean; deployment?: { id: string } }[]).find((i) => i.operation === 'GET /cart');
    expect(item).toMatchObject({ service: 'checkout', regressed: true, deployment: { id } });

    // The claim is kept with a TTL and records the outcome.
    const claim = await ports.state.get<{ deliveries: number; delivered: number }>(DEPLOYMENT_REGRESSION_KIND, eventId);
    expect(claim?.value).toMatchObject({ deliveries: 1, delivered: 1 });
    expect(claim?.expiresAt).toBe(Math.floor(NOW / 1000) + 7 * 86_400);

    // Next hour: the first deployment is not judged again; the second's window is now complete (it has no traffic, so no verdict).
    clock.advance(H);
    expect(await runDeploymentRegressionCheck(ports, { retry })).toMatchObject({ pending: 0, checked: 1, regressed: 0, published: 0, alreadyPublished: 1 });
    expect(received).toHaveLength(1);
    const deliveries = await ports.state.list(WEBHOOK_DELIVERY_KIND, { prefix: 'ops:' });
    expect(deliveries.items).toHaveLength(1);
  });

  it('two concurrent runs publish once', async () => {
    const { ports } = platform();
    await seedDeployment(ports, 1.2, 21);
    await subscribe(ports, 'ops', url);
    const runs = await Promise.all([runDeploymentRegressionCheck(ports, { retry }), runDeploymentRegressionCheck(ports, { retry })]);
    expect(runs.map((r) => r.published).sort()).toEqual([0, 1]);
    expect(runs.map((r) => r.alreadyPublished).sort()).toEqual([0, 1]);
    expect(received).toHaveLength(1);
  });

  it('a run that lost the race to the claim (read before the other wrote) publishes nothing', async () => {
    const { ports } = platform();
    await seedDeployment(ports, 1.2, 31);
    await subscribe(ports, 'ops', url);
    // Both runs miss the pre-check, as when they read at the same time: only the conditional write decides.
    const blind: StateStore = Object.assign(Object.create(ports.state) as StateStore, {
      get: (kind: string, id: string) => (kind === DEPLOYMENT_REGRESSION_KIND ? Promise.resolve(undefined) : ports.state.get(kind, id)),
    });
    const racing: Ports = { ...ports, state: blind };
    expect(await runDeploymentRegressionCheck(racing, { retry })).toMatchObject({ regressed: 1, published: 1 });
    expect(await runDeploymentRegressionCheck(racing, { retry })).toMatchObject({ regressed: 1, published: 0, alreadyPublished: 1, errors: 0 });
    expect(received).toHaveLength(1);
  });

  it('noise without a regression publishes nothing', async () => {
    const { ports } = platform();
    await seedDeployment(ports, 1.0, 41);
    await subscribe(ports, 'ops', url);
    expect(await runDeploymentRegressionCheck(ports, { retry })).toMatchObject({ checked: 1, regressed: 0, published: 0 });
    expect(received).toHaveLength(0);
    expect((await ports.state.list(DEPLOYMENT_REGRESSION_KIND)).items).toHaveLength(0);
  });

  it('a subscription filtered to another service gets nothing', async () => {
    const { ports } = platform();
    await seedDeployment(ports, 1.2, 51);
    await subscribe(ports, 'search-team', url, ['search']);
    expect(await runDeploymentRegressionCheck(ports, { retry })).toMatchObject({ regressed: 1, published: 1 });
    expect(received).toHaveLength(0);
    expect((await ports.state.list(WEBHOOK_DELIVERY_KIND)).items).toHaveLength(0);
  });

  it('deployments older than the look-back are not judged', async () => {
    const { ports, clock } = platform();
    await seedDeployment(ports, 1.2, 61);
    await subscribe(ports, 'ops', url);
    clock.advance(22 * H);
    expect(await runDeploymentRegressionCheck(ports, { retry })).toMatchObject({ deployments: 0, published: 0 });
    expect(received).toHaveLength(0);
  });

  it('the hourly sla-report job runs the check', async () => {
    const restore = configureObservability({ sink: () => undefined, format: 'json' });
    const { ports } = platform();
    await seedDeployment(ports, 1.2, 71);
    await subscribe(ports, 'ops', url);
    usePorts(ports);
    try {
      const scheduled = { version: '0', id: 'x', 'detail-type': 'Scheduled Event', source: 'aws.scheduler', time: '2026-11-22T12:00:00Z', resources: [] };
      const out = (await slaReport(scheduled, { awsRequestId: 'r', functionName: 'sla-report' } as Context)) as { deploymentRegressions: { published: number } };
      expect(out.deploymentRegressions).toMatchObject({ published: 1 });
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0].body)).toMatchObject({ type: 'deployment.regressed', service: 'checkout' });
    } finally {
      usePorts(undefined);
      configureObservability(restore);
    }
  });
});
