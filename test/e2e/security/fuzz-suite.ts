import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useAuthSettings } from '../../../lambdas/api/auth/secure-serve';
import { DEFAULT_LIMITS } from '../../../lambdas/api/auth/auth-settings';
import { startLocalPlatform, type LocalPlatform } from '../../../lambdas/local/local-platform';
import { runFuzz } from './fuzz-requests';

/**
 * One half of the 10,000-request fuzz acceptance test (two files so jest can run them in
 * parallel workers): `count` requests of the seeded stream from `offset`, over every endpoint
 * of a fresh local runtime.
 */
export function describeFuzz(offset: number, count: number): void {
  jest.setTimeout(180_000);
  describe(`fuzz: malformed requests ${offset}..${offset + count - 1} over every endpoint of the local runtime`, () => {
    let platform: LocalPlatform;
    let dir: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'obs-fuzz-'));
      useAuthSettings({ mode: 'local', iamRoles: [], limits: DEFAULT_LIMITS });
      platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: () => undefined });
    });
    afterAll(async () => {
      await platform.stop();
      useAuthSettings(undefined);
      rmSync(dir, { recursive: true, force: true });
    });

    it('never crashes, answers only 4xx or the documented 501/503, and keeps memory bounded', async () => {
      const report = await runFuzz(platform.url, count, 64, 20261122 + offset, offset);
      console.log(`fuzz: ${report.total} requests over ${report.endpoints} endpoints in ${report.elapsedMs} ms; kinds ${JSON.stringify(report.kinds)}; statuses ${JSON.stringify(report.statuses)}; rss growth ${report.rssGrowthMb.toFixed(0)} MB`);
      expect(report.bad.slice(0, 20)).toEqual([]);
      expect(Object.values(report.statuses).reduce((a, b) => a + b, 0)).toBe(count);
      expect(Object.keys(report.kinds).sort()).toEqual(['bad-encoding', 'bad-snappy', 'bad-utf8', 'deep-json', 'gzip-bomb', 'hostile-headers', 'oversized', 'random-bytes', 'wrong-shape']);
      expect(report.rssGrowthMb).toBeLessThan(400);
      expect((await fetch(`${platform.url}/health`)).status).toBe(200);
    });
  });
}
