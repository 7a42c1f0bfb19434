import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../../lambdas/core/webhooks/webhook-signature';
import { publishEvent } from '../../../lambdas/adapters/http/publish-event';
import { startSecuredPlatform, type SecuredPlatform } from './security-fixture';

jest.setTimeout(60_000);

describe('integration webhooks (local runtime)', () => {
  let s: SecuredPlatform;
  let admin: string;
  let receiver: Server;
  let url: string;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    s = await startSecuredPlatform();
    admin = (await s.createKey('admin')).key;
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = failuresLeft-- > 0 ? 503 : 200;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise((r) => receiver.close(r));
    await s.close();
  });

  it('creates a subscription (secret shown once), delivers signed events, retries, and logs deliveries', async () => {
    const res = await s.call('POST', '/monitoring/admin/webhooks', admin, { name: 'ops', url, events: ['slo.breached', 'alert.fired'], services: ['checkout'] });
    expect(res.status).toBe(201);
    const sub = (await res.json()) as { id: string; secret: string };
    expect(sub.secret).toMatch(/^[0-9a-f]{64}$/);
    const listed = await (await s.call('GET', '/monitoring/admin/webhooks', admin)).text();
    expect(listed).toContain(sub.id);
    expect(listed).not.toContain(sub.secret);

    failuresLeft = 1;
    const deliveries = await publishEvent(s.platform.ports, { type: 'slo.breached', id: 'evt-1', occurredAt: s.clock.now(), service: 'checkout', data: { slo: 'availability', attainment: 0.991 } }, { baseDelayMs: 1, maxDelayMs: 5 });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].ok).toBe(true);
    expect(deliveries[0].attempts.map((a) => a.status)).toEqual([503, 200]);
    const last = received[received.length - 1];
    expect(verifyWebhook(sub.secret, last.body, String(last.headers['x-signature']), Math.floor(s.clock.now() / 1000))).toBe(true);
    expect(verifyWebhook('wrong-secret', last.body, String(last.headers['x-signature']), Math.floor(s.clock.now() / 1000))).toBe(false);
    expect(last.headers['idempotency-key']).toBe('evt-1');
    expect(JSON.parse(last.body)).toMatchObject({ id: 'evt-1', type: 'slo.breached', service: 'checkout', data: { slo: 'availability' } });

    // Not subscribed: another type, or another service.
    expect(await publishEvent(s.platform.ports, { type: 'alert.resolved', id: 'evt-2', occurredAt: s.clock.now(), service: 'checkout', data: {} })).toHaveLength(0);
    expect(await publishEvent(s.platform.ports, { type: 'alert.fired', id: 'evt-3', occurredAt: s.clock.now(), service: 'cart', data: {} })).toHaveLength(0);

    const log = (await (await s.call('GET', `/monitoring/admin/webhooks/${sub.id}/deliveries`, admin)).json()) as { items: { eventId: string; ok: boolean; attempts: { status: number }[] }[] };
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ eventId: 'evt-1', ok: true });
    expect(log.items[0].attempts.map((a) => a.status)).toEqual([503, 200]);
  });

  it('publishes a test event through the API and refuses bad subscriptions with 400', async () => {
    const sub = (await (await s.call('POST', '/monitoring/admin/webhooks', admin, { name: 'all', url, events: ['deployment.regressed'] })).json()) as { id: string };
    const res = await s.call('POST', '/monitoring/admin/events', admin, { type: 'deployment.regressed', data: { deployment: 'v42' } });
    expect(res.status).toBe(202);
    const out = (await res.json()) as { deliveries: { subscriptionId: string; ok: boolean }[] };
    expect(out.deliveries).toEqual([{ subscriptionId: sub.id, ok: true, attempts: 1 }]);
    expect((await s.call('POST', '/monitoring/admin/webhooks', admin, { name: 'x', url: 'ftp://nope', events: ['alert.fired'] })).status).toBe(400);
    expect((await s.call('POST', '/monitoring/admin/webhooks', admin, { name: 'x', url, events: ['something.else'] })).status).toBe(400);
  });
});
