import { parseApiKey } from '../../../lambdas/core/access/api-keys';
import { startSecuredPlatform, type SecuredPlatform } from './security-fixture';

jest.setTimeout(60_000);

describe('admin API keys, scopes, limits, headers and logs (local runtime)', () => {
  let s: SecuredPlatform;
  beforeAll(async () => {
    s = await startSecuredPlatform();
  });
  afterAll(() => s.close());

  it('shows a key once; list and get never show the key or its hash', async () => {
    const res = await s.call('POST', '/monitoring/admin/api-keys', 'bootstrap-admin-key-for-tests-0123456789', { name: 'grafana', role: 'viewer' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; key: string; status: string };
    expect(created.key).toMatch(/^obs_[0-9a-f]{16}_/);
    expect(created.status).toBe('active');
    const admin = (await s.createKey('admin')).key;
    const list = await (await s.call('GET', '/monitoring/admin/api-keys', admin)).text();
    const one = await (await s.call('GET', `/monitoring/admin/api-keys/${created.id}`, admin)).text();
    for (const text of [list, one]) {
      expect(text).toContain(created.id);
      expect(text).not.toContain(secretOf(created.key));
      expect(text).not.toContain('"hash"');
    }
    // The stored record holds only the hash.
    const stored = JSON.stringify(await s.platform.ports.state.get('api-key', created.id));
    expect(stored).not.toContain(secretOf(created.key));
  });

  it('rotates: the new key works at once, the old one until the grace period ends', async () => {
    const admin = (await s.createKey('admin')).key;
    const old = await s.createKey('viewer');
    const res = await s.call('POST', `/monitoring/admin/api-keys/${old.id}/rotate`, admin, { graceSeconds: 60 });
    expect(res.status).toBe(201);
    const rotated = (await res.json()) as { key: string; rotatedFrom: string };
    expect(rotated.rotatedFrom).toBe(old.id);
    expect((await s.call('GET', '/monitoring/dashboards', rotated.key)).status).toBe(200);
    expect((await s.call('GET', '/monitoring/dashboards', old.key)).status).toBe(200);
    s.clock.advance(61_000);
    expect((await s.call('GET', '/monitoring/dashboards', old.key)).status).toBe(401);
    expect((await s.call('GET', '/monitoring/dashboards', rotated.key)).status).toBe(200);
  });

  it('revokes at once', async () => {
    const admin = (await s.createKey('admin')).key;
    const k = await s.createKey('editor');
    expect((await s.call('GET', '/monitoring/dashboards', k.key)).status).toBe(200);
    expect((await s.call('DELETE', `/monitoring/admin/api-keys/${k.id}`, admin)).status).toBe(200);
    expect((await s.call('GET', '/monitoring/dashboards', k.key)).status).toBe(401);
    const view = (await (await s.call('GET', `/monitoring/admin/api-keys/${k.id}`, admin)).json()) as { status: string };
    expect(view.status).toBe('revoked');
  });

  it('narrows a service-scoped key to its service where the route filters by service', async () => {
    const one = (await s.createKey('editor', { services: ['checkout'] })).key;
    const two = (await s.createKey('editor', { services: ['checkout', 'cart'] })).key;
    expect((await s.call('GET', '/monitoring/logs?service=payments', one)).status).toBe(403);
    expect((await s.call('GET', '/monitoring/logs?service=checkout', one)).status).toBe(200);
    // No service named: the one scoped service is applied.
    expect((await s.call('GET', '/monitoring/logs', one)).status).toBe(200);
    expect((await s.call('GET', '/monitoring/logs', two)).status).toBe(403);
    expect((await s.call('GET', '/monitoring/logs?service=cart', two)).status).toBe(200);
  });

  it('puts security headers on every answer, refusals included', async () => {
    for (const [path, key] of [['/health', undefined], ['/monitoring/dashboards', undefined], ['/monitoring/nope', 'bootstrap-admin-key-for-tests-0123456789']] as const) {
      const res = await s.call('GET', path, key);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      if ((res.headers.get('content-type') ?? '').includes('json')) {
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      }
    }
  });

  it('never writes a key into the logs', async () => {
    const k = await s.createKey('viewer');
    await s.call('GET', '/monitoring/dashboards', k.key);
    await s.call('GET', '/monitoring/dashboards', undefined, undefined, { authorization: `Bearer ${k.key}` });
    await s.call('GET', '/monitoring/dashboards', `obs_${'1'.repeat(16)}_${'B'.repeat(43)}`);
    const secret = secretOf(k.key);
    const all = s.logLines.join('\n');
    expect(s.logLines.length).toBeGreaterThan(3);
    expect(all).not.toContain(secret);
    expect(all).not.toContain('bootstrap-admin-key-for-tests');
    expect(all).not.toMatch(/obs_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/);
  });
});

/** The secret part of an API key (base64url may itself contain '_', so no split). */
function secretOf(key: string): string {
  const secret = parseApiKey(key)?.secret;
  if (!secret || secret.length !== 43) throw new Error(`not an API key: ${key}`);
  return secret;
}
