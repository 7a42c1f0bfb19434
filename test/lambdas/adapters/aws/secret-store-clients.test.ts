import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { SecretsManagerSecretClient } from '../../../../lambdas/adapters/aws/secrets-manager-secret-client';
import { SsmSecretClient } from '../../../../lambdas/adapters/aws/ssm-secret-client';
import { SecretResolver } from '../../../../lambdas/adapters/http/secret-resolver';

const config = { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
const ssmClient = new SSMClient(config);
const smClient = new SecretsManagerClient(config);
const ssm = mockClient(ssmClient);
const sm = mockClient(smClient);

beforeEach(() => {
  ssm.reset();
  sm.reset();
});

describe('SsmSecretClient', () => {
  it('sends GetParameter { Name, WithDecryption: true } with the name as given and returns the value', async () => {
    ssm.on(GetParameterCommand, { Name: '/obs/alerting/pd-key', WithDecryption: true }).resolves({ Parameter: { Name: '/obs/alerting/pd-key', Type: 'SecureString', Value: 'pd-123', Version: 3 } });
    expect(await new SsmSecretClient({ client: ssmClient }).get('/obs/alerting/pd-key')).toBe('pd-123');
    expect(ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input)).toEqual([{ Name: '/obs/alerting/pd-key', WithDecryption: true }]);
  });

  it('names a missing parameter, and other failures with their message', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ $metadata: {}, message: '' }));
    await expect(new SsmSecretClient({ client: ssmClient }).get('/x')).rejects.toThrow(new Error('secret ssm:/x is not available (ParameterNotFound)'));
    const denied = Object.assign(new Error('User is not authorized to perform ssm:GetParameter'), { name: 'AccessDeniedException' });
    ssm.on(GetParameterCommand).rejects(denied);
    await expect(new SsmSecretClient({ client: ssmClient }).get('/obs/y')).rejects.toThrow('secret ssm:/obs/y is not available (AccessDeniedException: User is not authorized to perform ssm:GetParameter)');
  });
});

describe('SecretsManagerSecretClient', () => {
  const client = () => new SecretsManagerSecretClient({ client: smClient });

  it('sends GetSecretValue { SecretId } and returns SecretString', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'obs/slack-url' }).resolves({ Name: 'obs/slack-url', SecretString: 'https://hooks.slack.com/services/T/B/X' });
    expect(await client().get('obs/slack-url')).toBe('https://hooks.slack.com/services/T/B/X');
    expect(sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).toEqual([{ SecretId: 'obs/slack-url' }]);
  });

  it('#field selects one field of a JSON secret (the SecretId is the name without it)', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'obs/pagerduty' }).resolves({ SecretString: JSON.stringify({ routingKey: 'R0UT1NG', retries: 3, on: true, nested: { a: 1 } }) });
    expect(await client().get('obs/pagerduty#routingKey')).toBe('R0UT1NG');
    expect(await client().get('obs/pagerduty#retries')).toBe('3');
    expect(await client().get('obs/pagerduty#on')).toBe('true');
    expect(sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).toEqual([{ SecretId: 'obs/pagerduty' }, { SecretId: 'obs/pagerduty' }, { SecretId: 'obs/pagerduty' }]);
    await expect(client().get('obs/pagerduty#missing')).rejects.toThrow('secret secretsmanager:obs/pagerduty#missing: the JSON secret has no field "missing"');
    await expect(client().get('obs/pagerduty#nested')).rejects.toThrow('field "nested" is not a string, number or boolean');
  });

  it('a #field of a secret that is not a JSON object fails without quoting the secret', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'hunter2-not-json' });
    const error = await client().get('obs/plain#key').catch((e: Error) => e);
    expect((error as Error).message).toBe('secret secretsmanager:obs/plain#key is not a JSON object, so #key cannot select a field');
    expect((error as Error).message).not.toContain('hunter2');
    sm.on(GetSecretValueCommand).resolves({ SecretString: '["a"]' });
    await expect(client().get('obs/list#0')).rejects.toThrow(/is not a JSON object/);
  });

  it('refuses binary secrets and names a missing one', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });
    await expect(client().get('obs/cert')).rejects.toThrow(new Error('secret secretsmanager:obs/cert is a binary secret (SecretBinary); only text secrets (SecretString) can be used'));
    sm.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ $metadata: {}, message: "Secrets Manager can't find the specified secret." }));
    await expect(client().get('obs/gone#k')).rejects.toThrow(new Error('secret secretsmanager:obs/gone#k is not available (ResourceNotFoundException)'));
  });
});

describe('SecretResolver with the AWS clients', () => {
  it('resolves through the right store, caches each reference for cacheMs, and refuses names outside the prefix before any call', async () => {
    ssm.on(GetParameterCommand).callsFake((input: { Name: string }) => ({ Parameter: { Value: `ssm-value-of-${input.Name}` } }));
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"routingKey":"RK"}' });
    let now = 0;
    const r = new SecretResolver({
      env: {},
      ssm: new SsmSecretClient({ client: ssmClient }),
      secretsManager: new SecretsManagerSecretClient({ client: smClient }),
      names: { kind: 'prefix', prefix: 'obs' },
      cacheMs: 60_000,
      now: () => now,
    });
    expect(await r.resolve('ssm:/obs/slack')).toBe('ssm-value-of-/obs/slack');
    expect(await r.resolve('secretsmanager:obs/pagerduty#routingKey')).toBe('RK');
    now = 59_999;
    expect(await r.resolve('ssm:/obs/slack')).toBe('ssm-value-of-/obs/slack');
    expect(await r.resolve('secretsmanager:obs/pagerduty#routingKey')).toBe('RK');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    now = 60_000;
    await r.resolve('ssm:/obs/slack');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);

    await expect(r.resolve('ssm:/other/slack')).rejects.toThrow('secret ssm:/other/slack is refused: ssm: names must start with /obs/ (this platform reads only its own parameters)');
    await expect(r.resolve('ssm:obs/slack')).rejects.toThrow(/refused/);
    await expect(r.resolve('secretsmanager:prod/pagerduty#routingKey')).rejects.toThrow('secret secretsmanager:prod/pagerduty#routingKey is refused: secretsmanager: names must start with obs/ (this platform reads only its own secrets)');
    await expect(r.resolve('secretsmanager:obs-evil/x')).rejects.toThrow(/refused/);
    await expect(r.resolve('ssm:/obs/../etc/x')).rejects.toThrow(/refused/);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('does not cache failures: a parameter created after a miss is read on the next resolution', async () => {
    ssm.on(GetParameterCommand).rejectsOnce(new ParameterNotFound({ $metadata: {}, message: '' })).resolves({ Parameter: { Value: 'now-there' } });
    const r = new SecretResolver({ env: {}, ssm: new SsmSecretClient({ client: ssmClient }), names: { kind: 'prefix', prefix: 'obs' } });
    await expect(r.resolve('ssm:/obs/late')).rejects.toThrow('secret ssm:/obs/late is not available (ParameterNotFound)');
    expect(await r.resolve('ssm:/obs/late')).toBe('now-there');
  });
});
