import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FileLogArchive } from '../../../../lambdas/adapters/embedded/file-log-archive';
import type { LogRecord } from '../../../../lambdas/core/domain/log-record';

const T = Date.UTC(2026, 0, 31, 23, 30);
const rec = (id: string, service: string, timestamp: number): LogRecord => ({ id, timestamp, service, level: 'warn', message: `m ${id}`, attributes: {} });

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

describe('FileLogArchive', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'log-archive-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the S3 layout as gzip JSON-lines files and overwrites them on a retry', async () => {
    const archive = new FileLogArchive(join(dir, 'archive'));
    const records = [rec('a', 'api', T), rec('b', 'api', T + 3_600_000), rec('c', 'web', T)];
    await archive.archive(records);
    await archive.archive([...records].reverse());
    const written = files(dir);
    expect(written).toHaveLength(3);
    expect(written.map((f) => f.replace(/[0-9a-f]{16}\.json\.gz$/, '*'))).toEqual([
      'archive/logs/service=api/dt=2026-01-31/hour=23/*',
      'archive/logs/service=api/dt=2026-02-01/hour=00/*',
      'archive/logs/service=web/dt=2026-01-31/hour=23/*',
    ]);
    const body = gunzipSync(readFileSync(join(dir, written[2]))).toString('utf8');
    expect(body).toBe(`${JSON.stringify(records[2])}\n`);
  });

  it('keeps a record whose timestamp is outside the Date range under dt=unknown instead of failing it', async () => {
    await new FileLogArchive(dir).archive([rec('z', 'api', 9e15)]);
    expect(files(dir).map((f) => f.replace(/[0-9a-f]{16}\.json\.gz$/, '*'))).toEqual(['logs/service=api/dt=unknown/hour=unknown/*']);
  });
});
