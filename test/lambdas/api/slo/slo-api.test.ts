import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqliteNotifier } from '../../../../lambdas/adapters/embedded/sqlite-notifier';
import { probeHttp } from '../../../../lambdas/adapters/probes/http-prober';
import { getStatusPage } from '../../../../lambdas/handlers/composition/status-page-provider';
import { runSlaReport } from '../../../../lambdas/handlers/jobs/sla-report-job';
import { runSyntheticChecks } from '../../../../lambdas/handlers/jobs/synthetic-check-round';
import { verifyWebhook } from '../../../../lambdas/core/webhooks/webhook-signature';
import { startLocalPlatform, type LocalPlatform } from '../../../../lambdas/local/local-platform';

const MIN = 60_000;

describe('SLOs, synthetic checks, SLA and the status page through the local platform', () => {
  let dir: string;
  let platform: LocalPlatform;
  let healthy: Server;
  let healthyUrl: string;
  const call = async (method: string, path: string, body?: unknown, type = 'application/json') => {
    const res = await fetch(`${platform.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': type }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, type: res.headers.get('content-type') ?? '' };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slo-api-'));
    healthy = createServer((_req, res) => res.end('all good'));
    await new Promise<void>((r) => healthy.listen(0, '127.0.0.1', () => r()));
    healthyUrl = `http://127.0.0.1:${(healthy.address() as AddressInfo).port}/`;
    platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: () => undefined });
  });
  afterAll(async () => {
    await platform.stop();
    await new Promise<void>((r) => healthy.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates checks and SLOs, naming every bad field', async () => {
    const badCheck = await call('POST', '/monitoring/checks', { id: 'X', url: 'nope' });
    expect(badCheck.status).toBe(400);
    expect(badCheck.json.error.details.map((d: { field: string }) => d.field)).toEqual(['id', 'name', 'service', 'url']);
    const badSlo = await call('POST', '/monitoring/slos', { name: 'x', service: 's', objective: 99.9 });
    expect(badSlo.status).toBe(400);
    expect(badSlo.json.error.details.map((d: { field: string }) => d.field)).toEqual(['objective', 'window', 'sli']);
  });

  it('turns the status page red and raises an alert for an unreachable endpoint', async () => {
    expect((await call('POST', '/monitoring/checks', { id: 'web', name: 'Web', service: 'web', url: healthyUrl, interval: '10s', timeout: '1s' })).status).toBe(201);
    expect((await call('POST', '/monitoring/checks', { id: 'api', name: 'API', service: 'api', url: 'http://127.0.0.1:1/health', interval: '10s', timeout: '1s' })).status).toBe(201);
    const run = await call('POST', '/monitoring/checks/api/run');
    expect(run.json).toMatchObject({ checkId: 'api', success: false });
    // Two rounds: the default alerts after two failures in a row.
    for (let i = 0; i < 2; i++) {
      if (i) await new Promise((r) => setTimeout(r, 5)); // distinct timestamps
      await runSyntheticChecks({ ...platform.ports, clock: { now: () => Date.now() + i * 11_000 } }, getStatusPage(), (c) => probeHttp(c));
    }
    const page = await fetch(`${platform.url}/status`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('data-overall="outage"');
    expect(html).toMatch(/data-state="outage"[^]*api/);
    expect(html).toContain('API is failing');
    const sent = (platform.ports.notifier as SqliteNotifier).sent();
    expect(sent.filter((n) => n.subject === '[FIRING] API is failing')).toHaveLength(1);
    const probes = await call('GET', `/api/v1/query?query=${encodeURIComponent('probe_success')}`);
    expect(probes.json.data.result.map((r: { metric: { check: string }; value: [number, string] }) => [r.metric.check, r.value[1]]).sort()).toEqual([
      ['api', '0'],
      ['web', '1'],
    ]);
  });

  it('keeps the burn-rate rules in step with the SLO and reports attainment, CSV and violations', async () => {
    const now = Date.now();
    // 2 hours of traffic at 100 req/min with 1% errors: a 99.9% objective is breached.
    const ok = [];
    const bad = [];
    for (let m = 0; m <= 120; m++) {
      ok.push({ timestamp: now - (120 - m) * MIN, value: m * 99 });
      bad.push({ timestamp: now - (120 - m) * MIN, value: m * 1 });
    }
    await platform.ports.metrics.write([
      { labels: { __name__: 'req_total', code: '200' }, samples: ok },
      { labels: { __name__: 'req_total', code: '500' }, samples: bad },
    ]);
    const slo = { id: 'web-avail', name: 'Web availability', service: 'web', objective: 0.999, window: { type: 'rolling', days: 30 }, sli: { type: 'ratio', good: 'req_total{code="200"}', total: 'req_total' } };
    expect((await call('POST', '/monitoring/slos', slo)).status).toBe(201);
    const group = await platform.ports.state.get<{ name: string; rules: { alert?: string; expr: string }[] }>('alert-rule-group', 'slo-web-avail');
    expect(group?.value.rules.filter((r) => r.alert)).toHaveLength(3);
    expect(group?.value.rules[5].expr).toContain('(14.4 * 0.001)');
    await call('PUT', '/monitoring/slos/web-avail', { ...slo, objective: 0.98 });
    const updated = await platform.ports.state.get<{ rules: { expr: string }[] }>('alert-rule-group', 'slo-web-avail');
    expect(updated?.value.rules[5].expr).toContain('(14.4 * 0.02)');

    const sla = await call('GET', '/monitoring/sla');
    expect(sla.status).toBe(200);
    const item = sla.json.items.find((i: { sloId: string }) => i.sloId === 'web-avail');
    expect(item.attainment).toBeCloseTo(0.99, 3);
    // 1% errors against a 2% budget: half of it left, burning at 0.5x.
    expect(item.state).toBe('ok');
    expect(item.remainingBudget).toBeCloseTo(0.5, 2);
    expect(item.burnRates['1h']).toBeCloseTo(0.5, 2);

    await call('PUT', '/monitoring/slos/web-avail', { ...slo, objective: 0.999 });
    const csv = await call('GET', '/monitoring/sla/reports?format=csv');
    expect(csv.type).toContain('text/csv');
    expect(csv.text.split('\r\n')[1]).toMatch(/^\d{4}-\d{2},web-avail,Web availability,web,99\.9,99(\.\d+)?,breached,\d+,0,true$/);
    // An integration webhook subscribed to slo.breached gets the event, signed.
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    await platform.ports.state.put('webhook', 'ops', { id: 'ops', name: 'ops', url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`, events: ['slo.breached'], secret: 's3cret', enabled: true, createdAt: 0 });
    const summary = await runSlaReport(platform.ports);
    await new Promise<void>((r) => hook.close(() => r()));
    expect(summary).toMatchObject({ violations: 1, notified: 1 });
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0].body)).toMatchObject({ type: 'slo.breached', service: 'web', data: { slo: 'web-avail' } });
    expect(verifyWebhook('s3cret', received[0].body, String(received[0].headers['x-signature']), Math.floor(Date.now() / 1000))).toBe(true);
    expect((await runSlaReport(platform.ports)).notified).toBe(0); // announced once per period
    expect((await call('GET', '/monitoring/sla/reports?period=2099-01')).status).toBe(400);
  });

  it('imports OpenSLO YAML', async () => {
    const yaml = `apiVersion: openslo/v1
kind: SLO
metadata: { name: checkout-errors }
spec:
  service: checkout
  indicator:
    spec:
      ratioMetric:
        good: { metricSource: { type: Prometheus, spec: { query: 'req_total{code="200"}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'req_total' } } }
  timeWindow: [{ duration: 28d, isRolling: true }]
  objectives: [{ target: 0.995 }]
`;
    const res = await call('POST', '/monitoring/slos/import', yaml, 'application/yaml');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ imported: ['checkout-errors'], errors: [] });
    expect((await call('GET', '/monitoring/slos/checkout-errors')).json).toMatchObject({ objective: 0.995, window: { type: 'rolling', days: 28 } });
  });
});
