import { call, request, testPorts } from '../api-test-kit';

const KEYS = ['SECRET_NAME_PREFIX', 'AWS_LAMBDA_FUNCTION_NAME', 'OUTBOUND_PRIVATE_TARGETS'] as const;
const config = (routingKeyRef: string, extra: object[] = []) => ({
  route: { receiver: 'pager' },
  receivers: [{ name: 'pager', type: 'pagerduty', routingKeyRef }, ...extra],
});

describe('PUT /monitoring/alerts/config checks secret names against SECRET_NAME_PREFIX', () => {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => KEYS.forEach((k) => ((saved[k] = process.env[k]), delete process.env[k])));
  afterEach(() => KEYS.forEach((k) => (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k]))));

  it('on AWS a reference outside the prefix is a 400 naming each field, and nothing is stored', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'obs-api';
    process.env.SECRET_NAME_PREFIX = 'obs';
    const { ports } = testPorts();
    const res = await call(ports, request('PUT', '/monitoring/alerts/config', { body: config('secretsmanager:prod/pagerduty#routingKey', [{ name: 'chat', type: 'slack', urlRef: 'ssm:/shared/slack' }]) }));
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'invalid_argument',
      message: 'secret reference refused: receivers[0].routingKeyRef: secretsmanager: names must start with obs/ (this platform reads only its own secrets); receivers[1].urlRef: ssm: names must start with /obs/ (this platform reads only its own parameters)',
      details: [
        { field: 'receivers[0].routingKeyRef', message: 'secretsmanager: names must start with obs/ (this platform reads only its own secrets)' },
        { field: 'receivers[1].urlRef', message: 'ssm: names must start with /obs/ (this platform reads only its own parameters)' },
      ],
    });
    expect((await call(ports, request('GET', '/monitoring/alerts/config'))).body.receivers).toEqual([{ name: 'default', type: 'sns' }]);

    const good = config('secretsmanager:obs/pagerduty#routingKey', [{ name: 'chat', type: 'slack', urlRef: 'ssm:/obs/slack' }, { name: 'hook', type: 'webhook', url: 'https://hooks.example.com/x', secretRef: 'env:HOOK_SECRET' }]);
    const ok = await call(ports, request('PUT', '/monitoring/alerts/config', { body: good }));
    expect(ok.status).toBe(200);
    expect((await call(ports, request('GET', '/monitoring/alerts/config'))).body.receivers).toEqual(good.receivers);
  });

  it('on AWS without SECRET_NAME_PREFIX store references are refused with the reason; env: references still pass', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'obs-api';
    const { ports } = testPorts();
    const res = await call(ports, request('PUT', '/monitoring/alerts/config', { body: config('ssm:/obs/pd') }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'receivers[0].routingKeyRef', message: 'ssm: references cannot be read here: SECRET_NAME_PREFIX is not set on this function' }]);
    expect((await call(ports, request('PUT', '/monitoring/alerts/config', { body: config('env:PD_KEY') }))).status).toBe(200);
  });

  it('locally without a prefix any name is accepted (the SECRET_* fallback reads it); malformed references stay 422', async () => {
    const { ports } = testPorts();
    expect((await call(ports, request('PUT', '/monitoring/alerts/config', { body: config('secretsmanager:prod/pagerduty#routingKey') }))).status).toBe(200);
    const malformed = await call(ports, request('PUT', '/monitoring/alerts/config', { body: config('ssm:/prod/pd#key') }));
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.details).toEqual([{ field: 'receivers[0].routingKeyRef', message: 'must be a reference: env:NAME, ssm:/name or secretsmanager:name[#field]' }]);
  });
});
