import { startSecuredPlatform, type SecuredPlatform } from './security-fixture';

jest.setTimeout(60_000);

describe('per-key rate limits and quotas (local runtime)', () => {
  let s: SecuredPlatform;
  beforeAll(async () => {
    const high = { ratePerSecond: 1e6, burst: 1e6, quotaPerDay: 1e9 };
    s = await startSecuredPlatform({ admin: high, editor: high, ingest: high, viewer: { ratePerSecond: 1, burst: 2, quotaPerDay: 5 } });
  });
  afterAll(() => s.close());

  it('answers 429 with Retry-After past the burst, per key, and again after the daily quota', async () => {
    const a = (await s.createKey('viewer')).key;
    const b = (await s.createKey('viewer')).key;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await s.call('GET', '/monitoring/dashboards', a)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await s.call('GET', '/monitoring/dashboards', a);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    const body = (await limited.json()) as { error: { code: string; details: { reason: string }[] } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.details[0].reason).toBe('rate');
    // Another key of the same tier has its own bucket.
    expect((await s.call('GET', '/monitoring/dashboards', b)).status).toBe(200);
    // Tokens come back with time; the daily quota (5) then runs out.
    for (let i = 0; i < 3; i++) {
      s.clock.advance(2_000);
      expect((await s.call('GET', '/monitoring/dashboards', a)).status).toBe(200);
    }
    s.clock.advance(2_000);
    const quota = await s.call('GET', '/monitoring/dashboards', a);
    expect(quota.status).toBe(429);
    expect(Number(quota.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(quota.headers.get('retry-after'))).toBeLessThanOrEqual(86_400);
    expect(((await quota.json()) as { error: { details: { reason: string }[] } }).error.details[0].reason).toBe('quota');
  });
});
