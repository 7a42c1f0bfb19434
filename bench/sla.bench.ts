import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeHttp } from '../lambdas/adapters/probes/http-prober';
import { getStatusPage } from '../lambdas/handlers/composition/status-page-provider';
import { runSyntheticChecks } from '../lambdas/handlers/jobs/synthetic-check-round';
import { startLocalPlatform } from '../lambdas/local/local-platform';
import { percentile, type BenchRow } from './bench-row';

const CHECKS = 50;
const ROUNDS = 10;

/**
 * The synthetic-checks job's own overhead (everything but waiting for the endpoints: a local
 * server answers at once) for 50 checks, and the time to serve /status, in local mode.
 */
export default async function slaBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sla-'));
  const target = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
  const platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: () => undefined });
  try {
    for (let i = 0; i < CHECKS; i++) {
      await platform.ports.state.put('synthetic-check', `c${i}`, { id: `c${i}`, name: `check ${i}`, service: `svc${i % 5}`, url, method: 'GET', interval: '10s', timeout: '2s', enabled: true });
    }
    const rounds: number[] = [];
    let now = Date.now();
    for (let r = 0; r < ROUNDS; r++) {
      now += 11_000; // every check is due each round
      const t = now;
      const start = performance.now();
      const summary = await runSyntheticChecks({ ...platform.ports, clock: { now: () => t } }, getStatusPage(), (c) => probeHttp(c));
      rounds.push(performance.now() - start);
      if (summary.probed !== CHECKS) throw new Error(`expected ${CHECKS} probes, got ${summary.probed}`);
    }
    const serve: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      const res = await fetch(`${platform.url}/status`);
      await res.text();
      serve.push(performance.now() - start);
    }
    const perCheck = percentile(rounds, 50) / CHECKS;
    return [
      { area: 'sla', name: `probe job round, ${CHECKS} checks (p50)`, value: percentile(rounds, 50), unit: 'ms' },
      { area: 'sla', name: 'probe job overhead per check (p50)', value: perCheck, unit: 'ms', target: '< 100', ok: perCheck < 100 },
      { area: 'sla', name: 'GET /status p50', value: percentile(serve, 50), unit: 'ms' },
      { area: 'sla', name: 'GET /status p95', value: percentile(serve, 95), unit: 'ms', target: '< 100', ok: percentile(serve, 95) < 100 },
    ];
  } finally {
    await platform.stop();
    await new Promise<void>((r) => target.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
}
