import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from '../../../../lambdas/core/webhooks/webhook-signature';

describe('webhook signatures', () => {
  const body = '{"event":"alert.fired"}';

  it('signs as t=<seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>', () => {
    const expected = createHmac('sha256', 's3cret').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('s3cret', body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies, and refuses a wrong secret, a changed body, a replay and junk', () => {
    const header = signWebhook('s3cret', body, 1_700_000_000);
    expect(verifyWebhook('s3cret', body, header, 1_700_000_100)).toBe(true);
    expect(verifyWebhook('other', body, header, 1_700_000_100)).toBe(false);
    expect(verifyWebhook('s3cret', `${body} `, header, 1_700_000_100)).toBe(false);
    expect(verifyWebhook('s3cret', body, header, 1_700_001_000)).toBe(false);
    expect(verifyWebhook('s3cret', body, 'v1=abc', 1_700_000_000)).toBe(false);
  });
});
