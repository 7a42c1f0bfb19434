import { SecretResolver, secretNameRuleFromEnv } from '../../../../lambdas/adapters/http/secret-resolver';
import { refusedSecretRefs, secretRefRefusal, validateAlertingConfig } from '../../../../lambdas/core/alerting/delivery/alerting-config';

describe('the secret naming rule', () => {
  it('comes from SECRET_NAME_PREFIX; unset on Lambda nothing in a store may be read; unset locally anything', () => {
    expect(secretNameRuleFromEnv({ SECRET_NAME_PREFIX: 'observability' })).toEqual({ kind: 'prefix', prefix: 'observability' });
    expect(secretNameRuleFromEnv({ SECRET_NAME_PREFIX: '/observability/', AWS_LAMBDA_FUNCTION_NAME: 'f' })).toEqual({ kind: 'prefix', prefix: 'observability' });
    expect(secretNameRuleFromEnv({ AWS_LAMBDA_FUNCTION_NAME: 'f' })).toEqual({ kind: 'none', reason: 'SECRET_NAME_PREFIX is not set on this function' });
    expect(secretNameRuleFromEnv({ SECRET_NAME_PREFIX: 'a b' }).kind).toBe('none');
    expect(secretNameRuleFromEnv({ SECRET_NAME_PREFIX: '..' }).kind).toBe('none');
    expect(secretNameRuleFromEnv({})).toEqual({ kind: 'any' });
  });

  it('allows exactly /<prefix>/... parameters and <prefix>/... secrets (the #field is not part of the name)', () => {
    const rule = { kind: 'prefix', prefix: 'obs' } as const;
    for (const ok of ['ssm:/obs/a', 'ssm:/obs/a/b', 'secretsmanager:obs/a', 'secretsmanager:obs/pd#routingKey', 'env:ANYTHING']) expect(secretRefRefusal(ok, rule)).toBeUndefined();
    for (const no of ['ssm:/obs', 'ssm:/obs/', 'ssm:obs/a', 'ssm:/obsx/a', 'ssm:/other/obs/a', 'secretsmanager:obs', 'secretsmanager:obs/', 'secretsmanager:obsx/a', 'secretsmanager:/obs/a', 'secretsmanager:other/a#obs/x', 'ssm:/obs/../x']) {
      expect([no, secretRefRefusal(no, rule)]).toEqual([no, expect.stringMatching(/names must start with/)]);
    }
    expect(secretRefRefusal('ssm:/obs/a', { kind: 'none', reason: 'why' })).toBe('ssm: references cannot be read here: why');
    expect(secretRefRefusal('ssm:/anything', { kind: 'any' })).toBeUndefined();
  });

  it('lists refused receiver fields, leaving malformed references to validation; #field passes validation only on secretsmanager:', () => {
    const config = {
      route: { receiver: 'pd' },
      receivers: [
        { name: 'pd', type: 'pagerduty', routingKeyRef: 'secretsmanager:prod/pagerduty#routingKey', secretRef: 'env:SIGN' },
        { name: 'chat', type: 'slack', urlRef: 'ssm:/obs/slack' },
        { name: 'hook', type: 'webhook', url: 'https://x.example', secretRef: 'ssm:/team/hook' },
        { name: 'bad', type: 'webhook', url: 'https://x.example', secretRef: 'ssm:/x y' },
      ],
    };
    expect(refusedSecretRefs(config, { kind: 'prefix', prefix: 'obs' })).toEqual([
      { field: 'receivers[0].routingKeyRef', message: 'secretsmanager: names must start with obs/ (this platform reads only its own secrets)' },
      { field: 'receivers[2].secretRef', message: 'ssm: names must start with /obs/ (this platform reads only its own parameters)' },
    ]);
    expect(refusedSecretRefs(config, { kind: 'any' })).toEqual([]);
    expect(validateAlertingConfig(config)).toEqual([{ field: 'receivers[3].secretRef', message: 'must be a reference: env:NAME, ssm:/name or secretsmanager:name[#field]' }]);
    const ssmField = { ...config, receivers: [{ name: 'pd', type: 'pagerduty', routingKeyRef: 'ssm:/obs/pd#key' }] };
    expect(validateAlertingConfig(ssmField).map((e) => e.field)).toEqual(['receivers[0].routingKeyRef']);
  });
});

describe('SecretResolver without store clients (local mode)', () => {
  it('keeps the SECRET_* fallback, and with a prefix set refuses other names there too', async () => {
    const env = { SECRET_OBS_PAGERDUTY_ROUTINGKEY: 'rk-local', SECRET_TEAM_X: 'team' };
    const open = new SecretResolver({ env });
    expect(await open.resolve('secretsmanager:obs/pagerduty#routingKey')).toBe('rk-local');
    expect(await open.resolve('ssm:/team/x')).toBe('team');
    const scoped = new SecretResolver({ env, names: { kind: 'prefix', prefix: 'obs' } });
    expect(await scoped.resolve('secretsmanager:obs/pagerduty#routingKey')).toBe('rk-local');
    await expect(scoped.resolve('ssm:/team/x')).rejects.toThrow('secret ssm:/team/x is refused: ssm: names must start with /obs/');
  });
});
