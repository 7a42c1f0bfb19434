import { createHash, timingSafeEqual } from 'node:crypto';
import { checkApiKey, parseApiKey, type KeyProblem } from '../../core/access/api-keys';
import type { Principal } from '../../core/access/roles';
import type { AuthSettings } from './auth-settings';
import type { ApiKeyStore } from './api-key-store';

/** Why no principal could be established. */
export type AuthProblem = 'missing' | KeyProblem;

/** The outcome of checking a presented key. */
export type Authentication = { readonly principal: Principal } | { readonly problem: AuthProblem };

/** The principal id of the bootstrap admin key. */
export const BOOTSTRAP_PRINCIPAL = 'bootstrap-admin';

/**
 * The key a request presents: `x-api-key`, or `authorization: Bearer <key>` (what Prometheus'
 * and Grafana's bearer-token settings send). Header names are lower case.
 */
export function presentedKey(headers: Readonly<Record<string, string | undefined>>): string | undefined {
  const direct = headers['x-api-key']?.trim();
  if (direct) return direct;
  const m = /^bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return m ? m[1] : undefined;
}

/**
 * Checks a presented key: the bootstrap admin key (plain or by hash) or a stored key
 * (hash compared in constant time; revoked and expired keys refused). The one check both the
 * Lambda authorizer and the local runtime run.
 */
export async function authenticate(key: string | undefined, store: ApiKeyStore, settings: AuthSettings, now: number): Promise<Authentication> {
  if (!key) return { problem: 'missing' };
  if (isBootstrapKey(key, settings)) return { principal: { id: BOOTSTRAP_PRINCIPAL, kind: 'api-key', role: 'admin' } };
  const parsed = parseApiKey(key);
  if (!parsed) return { problem: 'malformed' };
  const item = await store.get(parsed.id);
  const problem = checkApiKey(item?.value, parsed.secret, now);
  if (problem) return { problem };
  const record = item!.value;
  return {
    principal: {
      id: record.id,
      kind: 'api-key',
      role: record.role,
      ...(record.services && { services: record.services }),
      ...(record.dashboards && { dashboards: record.dashboards }),
    },
  };
}

function isBootstrapKey(key: string, settings: AuthSettings): boolean {
  const digest = createHash('sha256').update(key).digest();
  if (settings.adminKey) {
    const expected = createHash('sha256').update(settings.adminKey).digest();
    if (timingSafeEqual(digest, expected)) return true;
  }
  if (settings.adminKeySha256 && /^[0-9a-f]{64}$/i.test(settings.adminKeySha256)) {
    if (timingSafeEqual(digest, Buffer.from(settings.adminKeySha256, 'hex'))) return true;
  }
  return false;
}
