import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedLookup, outboundPolicyFromEnv, postWithRetries, type HostResolver } from '../../../../lambdas/adapters/http/http-poster';
import { publishEvent } from '../../../../lambdas/adapters/http/publish-event';
import { ReceiverDelivery } from '../../../../lambdas/adapters/http/receiver-delivery';
import { SecretResolver } from '../../../../lambdas/adapters/http/secret-resolver';
import type { PipelineNotification } from '../../../../lambdas/core/alerting/notification/notification-types';
import { WEBHOOK_DELIVERY_KIND, WEBHOOK_KIND, type WebhookDelivery, type WebhookSubscription } from '../../../../lambdas/core/integrations/integration-event';
import { testPorts } from '../../api/api-test-kit';
import { LoopbackReceiver } from '../../handlers/alerting/alert-test-kit';

const DENY = { allowPrivate: false };
const ALLOW = { allowPrivate: true };
const fast = { attempts: 4, baseDelayMs: 1, sleep: async () => undefined };

// A name the test owns: whatever the system resolver says, it resolves to these addresses.
const resolvesTo = (...addresses: string[]): HostResolver & { calls: string[] } => {
  const calls: string[] = [];
  const r = async (host: string) => (calls.push(host), addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  return Object.assign(r, { calls });
};

describe('outboundPolicyFromEnv', () => {
  it('denies on Lambda and allows elsewhere by default; OUTBOUND_PRIVATE_TARGETS overrides; unknown values deny', () => {
    expect(outboundPolicyFromEnv({})).toEqual(ALLOW);
    expect(outboundPolicyFromEnv({ AWS_LAMBDA_FUNCTION_NAME: 'obs-alert-evaluator' })).toEqual(DENY);
    expect(outboundPolicyFromEnv({ AWS_LAMBDA_FUNCTION_NAME: 'f', OUTBOUND_PRIVATE_TARGETS: 'allow' })).toEqual(ALLOW);
    expect(outboundPolicyFromEnv({ OUTBOUND_PRIVATE_TARGETS: 'deny' })).toEqual(DENY);
    expect(outboundPolicyFromEnv({ OUTBOUND_PRIVATE_TARGETS: ' Allow ' })).toEqual(ALLOW);
    expect(outboundPolicyFromEnv({ OUTBOUND_PRIVATE_TARGETS: 'yes' })).toEqual(DENY);
  });
});

describe('postWithRetries behind the outbound guard', () => {
  let rx: LoopbackReceiver;
  let port: string;
  beforeEach(async () => {
    rx = await new LoopbackReceiver().start();
    port = new URL(rx.url).port;
  });
  afterEach(() => rx.stop());

  it('deny: a name resolving to 127.0.0.1 is refused before any connection, once, with the reason', async () => {
    const resolve = resolvesTo('127.0.0.1');
    const out = await postWithRetries({ url: `http://hooks.example.test:${port}/a`, body: '{}', headers: {} }, { ...fast, outbound: DENY, resolve });
    expect(out.ok).toBe(false);
    expect(out.attempts).toHaveLength(1);
    expect(out.attempts[0]).toMatchObject({ status: 0, ok: false, error: 'refused: hooks.example.test resolves to 127.0.0.1, a loopback address' });
    expect(resolve.calls).toEqual(['hooks.example.test']);
    expect(rx.requests).toHaveLength(0);
  });

  it('allow: the same delivery connects to the resolved loopback address and succeeds', async () => {
    const resolve = resolvesTo('127.0.0.1');
    const out = await postWithRetries({ url: `http://hooks.example.test:${port}/a`, body: '{"x":1}', headers: { 'content-type': 'application/json' } }, { ...fast, outbound: ALLOW, resolve });
    expect(out.ok).toBe(true);
    expect(out.attempts.map((a) => a.status)).toEqual([200]);
    expect(rx.on('/a').map((r) => r.json)).toEqual([{ x: 1 }]);
    expect(rx.requests[0].headers.host).toBe(`hooks.example.test:${port}`);
  });

  it('deny: refuses when ANY resolved address is private (a rebinding answer mixing public and private)', async () => {
    const out = await postWithRetries({ url: `http://mixed.example.test:${port}/a`, body: '{}', headers: {} }, { ...fast, outbound: DENY, resolve: resolvesTo('93.184.216.34', '10.0.0.5') });
    expect(out.attempts.map((a) => a.error)).toEqual(['refused: mixed.example.test resolves to 10.0.0.5, a private address']);
  });

  it('allow still refuses names resolving to metadata / link-local addresses', async () => {
    const v4 = await postWithRetries({ url: 'http://metadata.example.test/latest/meta-data', body: '{}', headers: {} }, { ...fast, outbound: ALLOW, resolve: resolvesTo('169.254.169.254') });
    expect(v4.attempts.map((a) => a.error)).toEqual(['refused: metadata.example.test resolves to 169.254.169.254, a link-local address, never allowed']);
    const v6 = await postWithRetries({ url: 'http://metadata6.example.test/', body: '{}', headers: {} }, { ...fast, outbound: ALLOW, resolve: resolvesTo('fd00:ec2::254') });
    expect(v6.attempts.map((a) => a.error)).toEqual(['refused: metadata6.example.test resolves to fd00:ec2::254, a cloud metadata address, never allowed']);
  });

  it('checks IP-literal hosts directly (they never reach a resolver), in any spelling', async () => {
    const resolve = resolvesTo('8.8.8.8');
    const literal = await postWithRetries({ url: `${rx.url}/b`, body: '{}', headers: {} }, { ...fast, outbound: DENY, resolve });
    expect(literal.attempts).toEqual([expect.objectContaining({ status: 0, error: 'refused: host 127.0.0.1 is a loopback address, and private targets are not allowed' })]);
    const hex = await postWithRetries({ url: `http://0x7f.1:${port}/b`, body: '{}', headers: {} }, { ...fast, outbound: DENY, resolve });
    expect(hex.attempts[0].error).toBe('refused: host 127.0.0.1 is a loopback address, and private targets are not allowed');
    const mapped = await postWithRetries({ url: `http://[::ffff:127.0.0.1]:${port}/b`, body: '{}', headers: {} }, { ...fast, outbound: DENY, resolve });
    expect(mapped.attempts[0].error).toMatch(/^refused: host ::ffff:7f00:1 is a loopback address/);
    const runtimeApi = await postWithRetries({ url: 'http://10.0.0.5/hook', body: '{}', headers: {} }, { ...fast, outbound: DENY, resolve });
    expect(runtimeApi.attempts[0].error).toBe('refused: host 10.0.0.5 is a private address, and private targets are not allowed');
    const metadata = await postWithRetries({ url: 'http://169.254.169.254/latest/meta-data', body: '{}', headers: {} }, { ...fast, outbound: ALLOW, resolve });
    expect(metadata.attempts[0].error).toBe('refused: host 169.254.169.254 is a link-local address, never allowed');
    const creds = await postWithRetries({ url: 'http://u:p@hooks.example.test/', body: '{}', headers: {} }, { ...fast, outbound: ALLOW, resolve });
    expect(creds.attempts[0].error).toBe('refused: credentials in the URL (user:pass@) are not allowed');
    expect(resolve.calls).toEqual([]);
    expect(rx.requests).toHaveLength(0);
    // The same literal passes when private targets are allowed.
    const allowed = await postWithRetries({ url: `http://0x7f.1:${port}/b`, body: '{}', headers: {} }, { ...fast, outbound: ALLOW });
    expect(allowed.ok).toBe(true);
    expect(rx.on('/b')).toHaveLength(1);
  });

  it('deny: `localhost` is refused by name without a request; allow: it is delivered through the system resolver', async () => {
    const out = await postWithRetries({ url: `http://localhost:${port}/c`, body: '{}', headers: {} }, { ...fast, outbound: DENY });
    expect(out.attempts).toHaveLength(1);
    expect(out.attempts[0].error).toBe('refused: host localhost is a loopback address, and private targets are not allowed');
    expect(rx.requests).toHaveLength(0);
    const allowed = await postWithRetries({ url: `http://localhost:${port}/c`, body: '{}', headers: {} }, { ...fast, outbound: ALLOW });
    expect(allowed.ok).toBe(true);
    expect(rx.on('/c')).toHaveLength(1);
  });

  it('bounds each attempt by timeoutMs (the request over node:http replaced fetch)', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/slow`;
      const out = await postWithRetries({ url, body: '{}', headers: {} }, { ...fast, attempts: 2, timeoutMs: 100, outbound: ALLOW });
      expect(out.attempts.map((a) => [a.status, a.error])).toEqual([[0, 'timeout after 100 ms'], [0, 'timeout after 100 ms']]);
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });

  it('does not follow redirects (a 3xx could point past the check)', async () => {
    rx.status = 302;
    const out = await postWithRetries({ url: `${rx.url}/d`, body: '{}', headers: {} }, { ...fast, outbound: ALLOW });
    expect(out.ok).toBe(false);
    expect(out.attempts.map((a) => a.status)).toEqual([302]);
  });
});

describe('guardedLookup', () => {
  it('answers a single address or all of them, as net.connect asks', async () => {
    const lookup = guardedLookup(ALLOW, resolvesTo('127.0.0.1', '::1'));
    const one = await new Promise((r) => lookup('h', {}, (e, address, family) => r([e, address, family])));
    expect(one).toEqual([null, '127.0.0.1', 4]);
    const all = await new Promise((r) => lookup('h', { all: true } as object, (e, addresses) => r([e, addresses])));
    expect(all).toEqual([null, [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }]]);
    const v6 = await new Promise((r) => lookup('h', { family: 6 }, (e, address, family) => r([e, address, family])));
    expect(v6).toEqual([null, '::1', 6]);
    const refused = await new Promise<NodeJS.ErrnoException | null>((r) => guardedLookup(DENY, resolvesTo('127.0.0.1'))('h', {}, (e) => r(e)));
    expect(refused?.code).toBe('EREFUSEDTARGET');
  });

  it('with the system resolver: `localhost` resolves to a loopback address, refused under deny', async () => {
    const e = await new Promise<Error | null>((r) => guardedLookup(DENY)('localhost', { all: true } as object, (err) => r(err)));
    expect(e?.message).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/);
  });
});

describe('delivery paths record the refusal', () => {
  let rx: LoopbackReceiver;
  beforeEach(async () => void (rx = await new LoopbackReceiver().start()));
  afterEach(() => rx.stop());

  it('publishEvent: a refused subscription gets one failed attempt in its delivery log; an allowed one is delivered', async () => {
    const { ports } = testPorts();
    const port = new URL(rx.url).port;
    const sub = (id: string, url: string): WebhookSubscription => ({ id, name: id, url, events: ['alert.fired'], secret: 's', enabled: true, createdAt: 0 });
    await ports.state.put(WEBHOOK_KIND, 'inside', sub('inside', `http://hooks.example.test:${port}/inside`));
    await ports.state.put(WEBHOOK_KIND, 'meta', sub('meta', 'http://169.254.169.254/latest/meta-data'));
    const event = { type: 'alert.fired' as const, id: 'e1', occurredAt: 0, data: {} };
    const denied = await publishEvent(ports, event, { ...fast, outbound: DENY, resolve: resolvesTo('127.0.0.1') });
    expect(denied.map((d) => [d.subscriptionId, d.ok, d.attempts.map((a) => a.error)]).sort()).toEqual([
      ['inside', false, ['refused: hooks.example.test resolves to 127.0.0.1, a loopback address']],
      ['meta', false, ['refused: host 169.254.169.254 is a link-local address, never allowed']],
    ]);
    const log = await ports.state.list<WebhookDelivery>(WEBHOOK_DELIVERY_KIND, { prefix: 'inside:' });
    expect(log.items.map((i) => i.value.attempts[0].error)).toEqual(['refused: hooks.example.test resolves to 127.0.0.1, a loopback address']);
    expect(rx.requests).toHaveLength(0);
    const allowed = await publishEvent(ports, { ...event, id: 'e2' }, { ...fast, outbound: ALLOW, resolve: resolvesTo('127.0.0.1') });
    expect(allowed.find((d) => d.subscriptionId === 'inside')?.ok).toBe(true);
    expect(allowed.find((d) => d.subscriptionId === 'meta')?.ok).toBe(false);
    expect(rx.on('/inside')).toHaveLength(1);
  });

  it('ReceiverDelivery: a webhook receiver whose URL (from a secret reference) is private is refused under deny', async () => {
    const n: PipelineNotification = { receiver: 'hook', groupKey: 'g', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, status: 'firing', alerts: [], idempotencyKey: 'k', dedupKey: 'd', at: 0 };
    const delivery = (outbound: { allowPrivate: boolean }) =>
      new ReceiverDelivery({ notifier: { notify: async () => undefined } as never, secrets: new SecretResolver({ env: { HOOK: `${rx.url}/hook` } }), retry: { ...fast, outbound }, now: () => 0 });
    const denied = await delivery(DENY).deliver({ name: 'hook', type: 'webhook', urlRef: 'env:HOOK' }, n);
    expect(denied.attempts.map((a) => a.error)).toEqual(['refused: host 127.0.0.1 is a loopback address, and private targets are not allowed']);
    expect(rx.requests).toHaveLength(0);
    const allowed = await delivery(ALLOW).deliver({ name: 'hook', type: 'webhook', urlRef: 'env:HOOK' }, n);
    expect(allowed.ok).toBe(true);
    expect(rx.on('/hook')).toHaveLength(1);
  });
});
