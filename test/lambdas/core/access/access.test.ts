import { checkApiKey, createApiKey, parseApiKey } from '../../../../lambdas/core/access/api-keys';
import { accessFor, canSeeService, roleAllows, type Role } from '../../../../lambdas/core/access/roles';
import { takeToken } from '../../../../lambdas/core/access/token-bucket';

describe('roles and access levels', () => {
  it.each([
    ['GET', '/health', 'public'],
    ['POST', '/api/v1/write', 'ingest'],
    ['POST', '/v1/traces', 'ingest'],
    ['GET', '/monitoring/dashboards', 'read'],
    ['POST', '/api/v1/query', 'read'],
    ['GET', '/monitoring/logs', 'read-sensitive'],
    ['POST', '/monitoring/logs/search', 'read-sensitive'],
    ['PUT', '/monitoring/dashboards/abc', 'write'],
    ['DELETE', '/monitoring/alerts/rules/x', 'write'],
    ['GET', '/monitoring/admin/audit', 'admin'],
    ['POST', '/monitoring/admin/api-keys', 'admin'],
  ])('%s %s needs %s', (method, path, access) => {
    expect(accessFor(method, path)).toBe(access);
  });

  it('grants each role exactly its levels', () => {
    const matrix = (['ingest', 'viewer', 'editor', 'admin'] as Role[]).map((r) =>
      (['public', 'ingest', 'read', 'read-sensitive', 'write', 'admin'] as const).map((a) => (roleAllows(r, a) ? 1 : 0)).join(''),
    );
    expect(matrix).toEqual(['110000', '101000', '101110', '111111']);
    expect(canSeeService({ id: 'k', kind: 'api-key', role: 'viewer', services: ['api'] }, 'db')).toBe(false);
    expect(canSeeService({ id: 'k', kind: 'api-key', role: 'viewer' }, 'db')).toBe(true);
  });
});

describe('API keys', () => {
  it('creates keys whose secret is only stored hashed and checks them', () => {
    const { key, record } = createApiKey({ name: 'ci', role: 'ingest' }, 1000);
    expect(key).toMatch(/^obs_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    // The secret is everything after the id; base64url may itself contain '_', so no split.
    const secret = key.slice('obs_'.length + 16 + 1);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(record)).not.toContain(secret);
    const parsed = parseApiKey(key)!;
    expect(parsed.secret).toBe(secret);
    expect(parsed.id).toBe(record.id);
    expect(checkApiKey(record, parsed.secret, 2000)).toBeUndefined();
    expect(checkApiKey(record, parsed.secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 2000)).toBe('unknown');
    expect(checkApiKey(undefined, parsed.secret, 2000)).toBe('unknown');
    expect(checkApiKey({ ...record, revokedAt: 1500 }, parsed.secret, 2000)).toBe('revoked');
    expect(checkApiKey({ ...record, expiresAt: 1999 }, parsed.secret, 2000)).toBe('expired');
    expect(parseApiKey('Bearer nonsense')).toBeUndefined();
  });
});

describe('rate limits and quotas', () => {
  it('allows the burst, refills at the rate, and answers Retry-After', () => {
    const limit = { ratePerSecond: 2, burst: 3, quotaPerDay: 100 };
    let state;
    const t0 = Date.parse('2026-11-22T10:00:00Z');
    const results = [];
    for (let i = 0; i < 4; i++) {
      const d = takeToken(limit, state, t0);
      state = d.state;
      results.push(d.allowed);
    }
    expect(results).toEqual([true, true, true, false]);
    expect(takeToken(limit, state, t0).retryAfterSeconds).toBe(1);
    expect(takeToken(limit, state, t0 + 500).allowed).toBe(true);
  });

  it('stops at the daily quota until midnight UTC', () => {
    const limit = { ratePerSecond: 1000, burst: 1000, quotaPerDay: 2 };
    const t0 = Date.parse('2026-11-22T23:59:00Z');
    let d = takeToken(limit, undefined, t0);
    d = takeToken(limit, d.state, t0 + 1);
    const third = takeToken(limit, d.state, t0 + 2);
    expect(third).toMatchObject({ allowed: false, reason: 'quota', retryAfterSeconds: 60 });
    expect(takeToken(limit, third.state, Date.parse('2026-11-23T00:00:01Z')).allowed).toBe(true);
  });
});
