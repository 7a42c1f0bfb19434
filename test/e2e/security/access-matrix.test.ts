import { accessFor, roleAllows, type Role } from '../../../lambdas/core/access/roles';
import { openApiDocument } from '../../../lambdas/api/openapi/openapi-document';
import { startSecuredPlatform, type SecuredPlatform } from './security-fixture';

jest.setTimeout(120_000);

type Caller = 'none' | 'unknown' | 'revoked' | 'expired' | Role;
const CALLERS: readonly Caller[] = ['none', 'unknown', 'revoked', 'expired', 'ingest', 'viewer', 'editor', 'admin'];

/** Every (method, concrete path) of the OpenAPI document, path parameters filled with a harmless value. */
function endpoints(): { method: string; template: string; path: string }[] {
  const out: { method: string; template: string; path: string }[] = [];
  for (const [template, item] of Object.entries(openApiDocument().paths)) {
    for (const method of Object.keys(item)) {
      out.push({ method: method.toUpperCase(), template, path: template.replace(/\{[^}]+\}/g, 'matrix-x1') });
    }
  }
  return out;
}

/**
 * The matrix: public paths never refuse; no key, an unknown key, a revoked key and an expired
 * key get 401; a role that `roleAllows` refuses gets 403; every other caller gets an answer
 * that is neither 401 nor 403 (whatever the operation then says about the request).
 */
function expected(caller: Caller, method: string, path: string): 401 | 403 | 'pass' {
  const access = accessFor(method, path);
  if (access === 'public') return 'pass';
  if (caller === 'none' || caller === 'unknown' || caller === 'revoked' || caller === 'expired') return 401;
  return roleAllows(caller, access) ? 'pass' : 403;
}

describe('access matrix: every endpoint x every caller', () => {
  let s: SecuredPlatform;
  const keys: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    s = await startSecuredPlatform();
    for (const role of ['ingest', 'viewer', 'editor', 'admin'] as const) keys[role] = (await s.createKey(role)).key;
    const revoked = await s.createKey('admin');
    expect((await s.call('DELETE', `/monitoring/admin/api-keys/${revoked.id}`, keys.admin)).status).toBe(200);
    keys.revoked = revoked.key;
    keys.expired = (await s.createKey('admin', { expiresAt: new Date(s.clock.now() + 60_000).toISOString() })).key;
    s.clock.advance(120_000);
    keys.unknown = `obs_${'0'.repeat(16)}_${'A'.repeat(43)}`;
  });
  afterAll(() => s.close());

  it('answers exactly what the matrix says for every endpoint and caller', async () => {
    const list = endpoints();
    expect(list.length).toBeGreaterThan(80);
    const mismatches: string[] = [];
    const tally: Record<string, number> = { 401: 0, 403: 0, pass: 0 };
    for (const caller of CALLERS) {
      // Parallel per caller keeps the matrix fast; callers run one after another so keys are never revoked mid-run.
      await Promise.all(
        list.map(async ({ method, path, template }) => {
          const body = ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined;
          const res = await s.call(method, path, keys[caller], body);
          await res.arrayBuffer();
          const want = expected(caller, method, path);
          const ok = want === 'pass' ? res.status !== 401 && res.status !== 403 && res.status < 500 || res.status === 501 || res.status === 503 : res.status === want;
          if (!ok) mismatches.push(`${caller} ${method} ${template}: got ${res.status}, want ${want}`);
          tally[String(want)]++;
        }),
      );
    }
    expect(mismatches).toEqual([]);
    expect(tally[401] + tally[403] + tally.pass).toBe(list.length * CALLERS.length);
    // The matrix exercises all three outcomes in bulk (figures in the report: endpoints x 8 callers).
    expect(tally[403]).toBeGreaterThan(100);
    expect(tally.pass).toBeGreaterThan(200);
    console.log(`access matrix: ${list.length} endpoints x ${CALLERS.length} callers, ${JSON.stringify(tally)}`);
  });

  it('says why a key is refused, with the error body and WWW-Authenticate', async () => {
    for (const [caller, reason] of [['none', 'missing'], ['unknown', 'unknown'], ['revoked', 'revoked'], ['expired', 'expired']] as const) {
      const res = await s.call('GET', '/monitoring/dashboards', keys[caller]);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      const body = (await res.json()) as { error: { code: string; details: { reason: string }[] } };
      expect(body.error.code).toBe('unauthenticated');
      expect(body.error.details[0].reason).toBe(reason);
    }
    const res = await s.call('GET', '/monitoring/dashboards', undefined, undefined, { authorization: `Bearer ${keys.viewer}` });
    expect(res.status).toBe(200);
  });
});
