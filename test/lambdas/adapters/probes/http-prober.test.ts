import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttp, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeHttp } from '../../../../lambdas/adapters/probes/http-prober';
import { validateCheck } from '../../../../lambdas/core/probes/check-model';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

const check = (url: string, extra: Record<string, unknown> = {}) => validateCheck({ id: 'c', name: 'c', service: 's', url, timeout: '1s', interval: '10s', ...extra }).check!;

describe('HTTP prober against real servers on loopback', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createHttp((req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('late'), 3000).unref();
      else if (req.url === '/down') res.writeHead(503).end('unavailable');
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${req.method}`);
    });
    base = `http://127.0.0.1:${await listen(server)}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reports a healthy endpoint with its status and duration', async () => {
    const r = await probeHttp(check(`${base}/`, { bodyMatch: 'hello GET' }), { now: () => 42 });
    expect(r).toMatchObject({ checkId: 'c', timestamp: 42, success: true, status: 200 });
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it('fails on a bad status, a timeout and an unreachable port, with the reason', async () => {
    expect(await probeHttp(check(`${base}/down`))).toMatchObject({ success: false, status: 503, failure: 'status 503' });
    expect(await probeHttp(check(`${base}/slow`))).toMatchObject({ success: false, failure: 'timeout after 1s' });
    const unreachable = await probeHttp(check('http://127.0.0.1:1/'));
    expect(unreachable.success).toBe(false);
    expect(unreachable.failure).toMatch(/ECONNREFUSED/);
  });

  const hasOpenssl = existsSync('/usr/bin/openssl');
  (hasOpenssl ? it : it.skip)('reads the TLS certificate expiry of an https endpoint (skipped without /usr/bin/openssl)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'probe-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '30', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const tls = createHttps({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (_req, res) => res.end('ok'));
    const port = await listen(tls as unknown as Server);
    try {
      const r = await probeHttp(check(`https://127.0.0.1:${port}/`), { verifyTls: false });
      expect(r.success).toBe(true);
      const days = (r.certificateExpiresAt! - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29);
      expect(days).toBeLessThanOrEqual(30.01);
      const strict = await probeHttp(check(`https://127.0.0.1:${port}/`));
      expect(strict.success).toBe(false); // self-signed fails verification
    } finally {
      await new Promise<void>((r) => tls.close(() => r()));
    }
  });
});
