import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { writeToStream } from '../../../lambdas/api/ingest/stream-writer';
import { startLocalPlatform, type LocalPlatform } from '../../../lambdas/local/local-platform';

describe('local platform log archive', () => {
  let dir: string;
  let platform: LocalPlatform | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'local-archive-'))));
  afterEach(async () => {
    await platform?.stop();
    platform = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes processed log records under <DATA_DIR>/archive/ in the S3 layout', async () => {
    platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: () => undefined, dispatcher: { pollIntervalMs: 10, backoffBaseMs: 10, backoffMaxMs: 50, maxAttempts: 3 } });
    const timestamp = Date.UTC(2026, 2, 4, 17, 5);
    const record = { id: 'arch-1', timestamp, service: 'checkout', level: 'error', message: 'payment failed', attributes: {} };
    await writeToStream(platform.ports, 'logs', [{ kind: 'log-records', body: [record], partitionKey: 'checkout' }]);
    const hourDir = join(dir, 'archive', 'logs', 'service=checkout', 'dt=2026-03-04', 'hour=17');
    const deadline = Date.now() + 10_000;
    while (!(existsSync(hourDir) && readdirSync(hourDir).some((f) => f.endsWith('.json.gz'))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 15));
    const files = readdirSync(hourDir).filter((f) => f.endsWith('.json.gz'));
    expect(files).toHaveLength(1);
    expect(JSON.parse(gunzipSync(readFileSync(join(hourDir, files[0]))).toString('utf8'))).toEqual(record);
  });
});
