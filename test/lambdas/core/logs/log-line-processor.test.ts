import { LogLineProcessor } from '../../../../lambdas/core/logs/log-line-processor';

describe('LogLineProcessor', () => {
  it('parses, masks and mines so that templates never hold secrets', () => {
    const p = new LogLineProcessor({ parse: { referenceYear: 2024 } });
    const a = p.process('2024-05-01 10:00:00 INFO com.acme.Auth: login ok for alice@example.com token=abc123XYZ from 10.0.0.1');
    const b = p.process('2024-05-01 10:00:05 INFO com.acme.Auth: login ok for bob@example.org token=zz99QQ11 from 10.0.0.2');
    expect(a.parsed.message).toBe('login ok for [EMAIL] token=[SECRET] from 10.0.0.1');
    expect(a.maskCounts).toEqual({ email: 1, secret: 1 });
    expect(b.patternId).toBe(a.patternId);
    const template = p.miner.get(a.patternId)?.template ?? '';
    expect(template).toBe('login ok for [EMAIL] token=[SECRET] from <*>');
    expect(p.miner.get(a.patternId)?.sample).not.toContain('alice');
    expect(a.parsed).toMatchObject({ level: 'info', timestamp: Date.UTC(2024, 4, 1, 10), attributes: { logger: 'com.acme.Auth' } });
  });

  it('masks attributes of structured lines and resumes from saved miner state', () => {
    const p = new LogLineProcessor();
    const r = p.process('{"msg":"charge 4111 1111 1111 1111 failed","level":"error","card":{"holder":"x@y.io"},"password":"pw"}', 5);
    expect(r.parsed.message).toBe('charge [CARD] failed');
    expect(r.parsed.attributes).toEqual({ card: { holder: '[EMAIL]' }, password: '[SECRET]' });
    const resumed = new LogLineProcessor({ minerState: p.miner.toJSON() });
    expect(resumed.process('{"msg":"charge 5555555555554444 failed","level":"error"}').patternId).toBe(r.patternId);
  });
});
