import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../../lambdas/core/access/roles';
import { ManualClock } from '../../../lambdas/core/ports/clock';
import { DEFAULT_LIMITS, type AuthSettings } from '../../../lambdas/api/auth/auth-settings';
import { useAuthSettings } from '../../../lambdas/api/auth/secure-serve';
import { startLocalPlatform, type LocalPlatform } from '../../../lambdas/local/local-platform';

/** The bootstrap admin key the security tests configure. */
export const BOOTSTRAP_KEY = 'bootstrap-admin-key-for-tests-0123456789';

/** A local platform with access control on (bootstrap key set) and a controllable clock. */
export interface SecuredPlatform {
  readonly platform: LocalPlatform;
  readonly clock: ManualClock;
  readonly logLines: string[];
  call(method: string, path: string, key?: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  createKey(role: Role, extra?: Record<string, unknown>): Promise<{ id: string; key: string }>;
  close(): Promise<void>;
}

/** Starts a secured local platform; `limits` overrides the per-role limits (default: very high, so the matrix never hits 429). */
export async function startSecuredPlatform(limits?: AuthSettings['limits']): Promise<SecuredPlatform> {
  const dir = mkdtempSync(join(tmpdir(), 'obs-security-'));
  const clock = new ManualClock(Date.now());
  const high = { ratePerSecond: 1e6, burst: 1e6, quotaPerDay: 1e9 };
  useAuthSettings({ mode: 'local', adminKey: BOOTSTRAP_KEY, iamRoles: [], limits: limits ?? { ingest: high, viewer: high, editor: high, admin: high } });
  const logLines: string[] = [];
  const platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: (l) => logLines.push(l), clock });
  const call = (method: string, path: string, key?: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${platform.url}${path}`, {
      method,
      headers: { ...(key && { 'x-api-key': key }), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    platform,
    clock,
    logLines,
    call,
    async createKey(role, extra = {}) {
      const res = await call('POST', '/monitoring/admin/api-keys', BOOTSTRAP_KEY, { name: `${role}-key`, role, ...extra });
      if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${await res.text()}`);
      const json = (await res.json()) as { id: string; key: string };
      return { id: json.id, key: json.key };
    },
    async close() {
      await platform.stop();
      useAuthSettings(undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { DEFAULT_LIMITS };
