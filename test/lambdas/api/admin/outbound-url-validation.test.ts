import { call, request, testPorts } from '../api-test-kit';

const METADATA = 'http://169.254.169.254/latest/meta-data';
const PRIVATE = 'http://10.0.0.5/hook';
const KEYS = ['OUTBOUND_PRIVATE_TARGETS', 'AWS_LAMBDA_FUNCTION_NAME'] as const;

const webhook = (url: string) => ({ name: 'ops', url, events: ['alert.fired'] });
const alerting = (url: string) => ({ route: { receiver: 'hook' }, receivers: [{ name: 'sns', type: 'sns' }, { name: 'hook', type: 'webhook', url }] });

describe('outbound URLs are checked when webhooks and alert receivers are configured', () => {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => KEYS.forEach((k) => ((saved[k] = process.env[k]), delete process.env[k])));
  afterEach(() => KEYS.forEach((k) => (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k]))));

  it('webhooks: the metadata URL is a 400 with the reason (create and update); private targets only under deny', async () => {
    const { ports } = testPorts();
    const meta = await call(ports, request('POST', '/monitoring/admin/webhooks', { body: webhook(METADATA) }));
    expect(meta.status).toBe(400);
    expect(meta.body.error).toEqual({ code: 'invalid_argument', message: 'url refused: host 169.254.169.254 is a link-local address, never allowed', details: [{ field: 'url', message: 'host 169.254.169.254 is a link-local address, never allowed' }] });
    expect((await call(ports, request('GET', '/monitoring/admin/webhooks'))).body.items).toEqual([]);

    const created = await call(ports, request('POST', '/monitoring/admin/webhooks', { body: webhook(PRIVATE) }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const update = await call(ports, request('PUT', `/monitoring/admin/webhooks/${id}`, { body: webhook(METADATA) }));
    expect(update.status).toBe(400);
    expect((await call(ports, request('GET', `/monitoring/admin/webhooks/${id}`))).body.url).toBe(PRIVATE);

    process.env.OUTBOUND_PRIVATE_TARGETS = 'deny';
    const denied = await call(ports, request('POST', '/monitoring/admin/webhooks', { body: webhook(PRIVATE) }));
    expect(denied.status).toBe(400);
    expect(denied.body.error.message).toBe('url refused: host 10.0.0.5 is a private address, and private targets are not allowed');
    expect((await call(ports, request('PUT', `/monitoring/admin/webhooks/${id}`, { body: webhook('http://localhost:9093/') }))).status).toBe(400);
    expect((await call(ports, request('PUT', `/monitoring/admin/webhooks/${id}`, { body: webhook('https://hooks.example.com/x') }))).status).toBe(200);
  });

  it('webhooks: on Lambda the default is deny, and credentials in the URL are refused', async () => {
    const { ports } = testPorts();
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'obs-api';
    expect((await call(ports, request('POST', '/monitoring/admin/webhooks', { body: webhook(PRIVATE) }))).status).toBe(400);
    const creds = await call(ports, request('POST', '/monitoring/admin/webhooks', { body: webhook('https://u:p@hooks.example.com/x') }));
    expect(creds.status).toBe(400);
    expect(creds.body.error.details).toEqual([{ field: 'url', message: 'credentials in the URL (user:pass@) are not allowed' }]);
    process.env.OUTBOUND_PRIVATE_TARGETS = 'allow';
    expect((await call(ports, request('POST', '/monitoring/admin/webhooks', { body: webhook(PRIVATE) }))).status).toBe(201);
  });

  it('alert receivers: the metadata URL is a 400 naming the receiver field; private targets only under deny; other faults stay 422', async () => {
    const { ports } = testPorts();
    const meta = await call(ports, request('PUT', '/monitoring/alerts/config', { body: alerting(METADATA) }));
    expect(meta.status).toBe(400);
    expect(meta.body.error.code).toBe('invalid_argument');
    expect(meta.body.error.details).toEqual([{ field: 'receivers[1].url', message: 'host 169.254.169.254 is a link-local address, never allowed' }]);
    expect((await call(ports, request('GET', '/monitoring/alerts/config'))).body.receivers).toEqual([{ name: 'default', type: 'sns' }]);
    const alertmanager = await call(ports, request('PUT', '/monitoring/alerts/config', { body: { route: { receiver: 'am' }, receivers: [{ name: 'am', type: 'alertmanager', url: 'http://[fd00:ec2::254]' }] } }));
    expect(alertmanager.status).toBe(400);

    expect((await call(ports, request('PUT', '/monitoring/alerts/config', { body: alerting(PRIVATE) }))).status).toBe(200);
    process.env.OUTBOUND_PRIVATE_TARGETS = 'deny';
    const denied = await call(ports, request('PUT', '/monitoring/alerts/config', { body: alerting(PRIVATE) }));
    expect(denied.status).toBe(400);
    expect(denied.body.error.message).toBe('receiver URL refused: receivers[1].url: host 10.0.0.5 is a private address, and private targets are not allowed');
    // A URL by reference is only known at delivery, where the sender checks it.
    const byRef = await call(ports, request('PUT', '/monitoring/alerts/config', { body: { route: { receiver: 'hook' }, receivers: [{ name: 'hook', type: 'webhook', urlRef: 'env:HOOK_URL' }] } }));
    expect(byRef.status).toBe(200);
    const malformed = await call(ports, request('PUT', '/monitoring/alerts/config', { body: { route: { receiver: 'hook' }, receivers: [{ name: 'hook', type: 'webhook', url: 'ftp://x' }] } }));
    expect(malformed.status).toBe(422);
  });
});
