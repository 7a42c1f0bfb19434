import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALERTING_KINDS, SINGLETON_ID } from '../../../lambdas/core/alerting/platform/alerting-store';
import { runAlertEvaluator } from '../../../lambdas/handlers/alerting/alert-evaluator-job';
import { promqlQueryFunction } from '../../../lambdas/handlers/alerting/promql-query-function';
import { testPorts } from '../../lambdas/api/api-test-kit';
import { testDelivery } from '../../lambdas/handlers/alerting/alert-test-kit';

const BINARY = '/usr/bin/prometheus-alertmanager';
const describeIfInstalled = existsSync(BINARY) ? describe : describe.skip;
if (!existsSync(BINARY)) {
  // eslint-disable-next-line no-console
  console.warn(`skipping the real Alertmanager test: ${BINARY} is absent (sudo apt-get install -y prometheus-alertmanager, or scripts/install-test-peers.sh)`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited: ${log()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`alertmanager not ready: ${log()}`);
}

describeIfInstalled('a real Alertmanager receives the platform alerts', () => {
  let child: ChildProcess;
  let dir: string;
  let url: string;
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'am-'));
    writeFileSync(join(dir, 'alertmanager.yml'), 'route:\n  receiver: blackhole\n  group_wait: 1h\nreceivers:\n  - name: blackhole\n');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(BINARY, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    await waitReady(url, child, () => output);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('POSTs to /api/v2/alerts and Alertmanager lists them with labels, annotations, times and generatorURL', async () => {
    const now = Date.now();
    const { ports } = testPorts(now);
    await ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, {
      route: { receiver: 'am', group_by: ['alertname'], group_wait: '0s' },
      receivers: [{ name: 'am', type: 'alertmanager', url }],
      externalURL: 'http://platform.test',
    });
    await ports.state.put(ALERTING_KINDS.rule, 'disk', { name: 'DiskFull', expr: 'disk_used_ratio > 0.9', labels: { severity: 'warning' }, annotations: { summary: '{{ $labels.host }} disk at {{ $value | humanizePercentage }}' } });
    await ports.metrics.write(['h1', 'h2'].map((host, i) => ({ labels: { __name__: 'disk_used_ratio', host, service: 'storage' }, samples: [{ timestamp: now - 1000, value: 0.95 + i / 100 }] })));
    const run = await runAlertEvaluator(ports, { delivery: testDelivery(ports), query: promqlQueryFunction(ports.metrics), windowMs: 0 });
    expect(run.delivered).toBe(1);

    const listed = (await (await fetch(`${url}/api/v2/alerts`)).json()) as { labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string; generatorURL: string; status: { state: string }; fingerprint: string }[];
    const ours = listed.filter((a) => a.labels.alertname === 'DiskFull').sort((a, b) => a.labels.host.localeCompare(b.labels.host));
    expect(ours.map((a) => [a.labels.host, a.labels.severity, a.labels.service, a.annotations.summary, a.status.state])).toEqual([
      ['h1', 'warning', 'storage', 'h1 disk at 95%', 'active'],
      ['h2', 'warning', 'storage', 'h2 disk at 96%', 'active'],
    ]);
    for (const a of ours) {
      expect(Date.parse(a.startsAt)).toBe(now);
      expect(Date.parse(a.endsAt)).toBeGreaterThan(now);
      expect(a.generatorURL).toBe('http://platform.test/monitoring/alerts?rule=DiskFull');
    }
  });
});
