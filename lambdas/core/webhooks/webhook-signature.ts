import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `X-Signature` header every outgoing webhook carries (ARCHITECTURE.md):
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, `${unixSeconds}.${body}`)}`;
}

/**
 * Verifies a signature header as a receiver should: a well-formed header, a matching HMAC
 * (constant-time compare) and a timestamp within `toleranceSeconds` of now (replay guard).
 */
export function verifyWebhook(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, `${t}.${body}`), 'hex');
  return timingSafeEqual(expected, Buffer.from(m[2], 'hex'));
}

function hmac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}
