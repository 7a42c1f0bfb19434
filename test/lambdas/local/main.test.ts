import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

describe('npm start (lambdas/local/main.ts)', () => {
  it('answers GET /health 200 soon after spawn and exits 0 on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'main-'));
    const port = await freePort();
    const started = Date.now();
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['lambdas/local/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      let status = 0;
      while (Date.now() - started < 20_000) {
        status = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status, () => 0);
        if (status === 200) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const elapsed = Date.now() - started;
      expect(status).toBe(200);
      process.stdout.write(`npm start: GET /health 200 after ${elapsed} ms\n`);
      expect(elapsed).toBeLessThan(20_000);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(output).toMatch(/api GET \/health 200 \d+ms/);
      expect(existsSync(join(dataDir, 'platform.db'))).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
