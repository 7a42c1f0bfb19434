import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './bench-row';
import { DEFAULT_LIMITS } from '../lambdas/api/auth/auth-settings';
import { useAuthSettings } from '../lambdas/api/auth/secure-serve';
import { startLocalPlatform } from '../lambdas/local/local-platform';
import { runFuzz } from '../test/e2e/security/fuzz-requests';

// 20,000 by default (twice the test suite's run); SECURITY_FUZZ_REQUESTS=100000 for a longer soak.
const TOTAL = Number(process.env.SECURITY_FUZZ_REQUESTS ?? 20_000);

/** The bigger fuzz run: malformed requests over every endpoint of the local runtime, throughput and memory. */
export default async function securityBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'obs-fuzz-bench-'));
  useAuthSettings({ mode: 'local', iamRoles: [], limits: DEFAULT_LIMITS });
  const platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: () => undefined });
  try {
    const report = await runFuzz(platform.url, TOTAL, 64, Date.now() & 0xffffffff);
    const rps = report.total / (report.elapsedMs / 1000);
    return [
      { area: 'security', name: `fuzz requests answered without crash or undocumented 5xx (of ${report.total})`, value: report.total - report.bad.length, unit: 'requests', target: `= ${report.total}`, ok: report.bad.length === 0 },
      { area: 'security', name: 'fuzz throughput through the local runtime', value: rps, unit: 'req/s' },
      { area: 'security', name: 'rss growth during the fuzz run', value: report.rssGrowthMb, unit: 'MB', target: '< 400', ok: report.rssGrowthMb < 400 },
    ];
  } finally {
    await platform.stop();
    useAuthSettings(undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
