import { postWithRetries } from '../../../../lambdas/adapters/http/http-poster';
import { SecretResolver } from '../../../../lambdas/adapters/http/secret-resolver';
import { LoopbackReceiver } from '../../handlers/alerting/alert-test-kit';

describe('secret references', () => {
  it('reads env: references, uses the SSM / Secrets Manager clients when wired, else SECRET_* variables, and caches', async () => {
    const calls: string[] = [];
    let now = 0;
    const r = new SecretResolver({ env: { SLACK: 'https://hooks.example/x', SECRET_ALERTING_PD: 'pd-from-env' }, ssm: { get: async (n) => (calls.push(n), `ssm:${n}`) }, cacheMs: 1000, now: () => now });
    expect(await r.resolve('env:SLACK')).toBe('https://hooks.example/x');
    expect(await r.resolve('ssm:/alerting/key')).toBe('ssm:/alerting/key');
    expect(await r.resolve('ssm:/alerting/key')).toBe('ssm:/alerting/key');
    expect(calls).toEqual(['/alerting/key']);
    now = 2000;
    await r.resolve('ssm:/alerting/key');
    expect(calls).toHaveLength(2);
    expect(await r.resolve('secretsmanager:alerting/pd')).toBe('pd-from-env');
    await expect(r.resolve('env:NOPE')).rejects.toThrow(/NOPE is not set/);
    await expect(r.resolve('vault:x')).rejects.toThrow(/unknown secret reference/);
  });
});

describe('postWithRetries', () => {
  it('does not retry a 4xx other than 408/429, backs off exponentially with jitter on 5xx and network errors, and records each attempt', async () => {
    const rx = await new LoopbackReceiver().start();
    const sleeps: number[] = [];
    try {
      rx.status = 400;
      const bad = await postWithRetries({ url: `${rx.url}/a`, body: '{}', headers: {} }, { attempts: 4, sleep: async (ms) => void sleeps.push(ms) });
      expect(bad.attempts.map((a) => a.status)).toEqual([400]);
      expect(bad.ok).toBe(false);
      rx.status = 500;
      const flaky = await postWithRetries({ url: `${rx.url}/b`, body: '{}', headers: {} }, { attempts: 3, baseDelayMs: 100, sleep: async (ms) => void sleeps.push(ms) });
      expect(flaky.attempts.map((a) => a.status)).toEqual([500, 500, 500]);
      expect(sleeps).toHaveLength(2);
      expect(sleeps[0]).toBeGreaterThanOrEqual(50);
      expect(sleeps[0]).toBeLessThanOrEqual(100);
      expect(sleeps[1]).toBeGreaterThanOrEqual(100);
      expect(sleeps[1]).toBeLessThanOrEqual(200);
      const down = await postWithRetries({ url: 'http://127.0.0.1:1/x', body: '{}', headers: {} }, { attempts: 2, sleep: async () => undefined });
      expect(down.attempts.map((a) => [a.status, a.ok, typeof a.error])).toEqual([[0, false, 'string'], [0, false, 'string']]);
    } finally {
      await rx.stop();
    }
  });
});
