import { createApiKey, type ApiKeyRecord } from '../../core/access/api-keys';
import type { Role } from '../../core/access/roles';
import { PlatformError } from '../../core/domain/errors';
import type { StateStore } from '../../core/ports';
import { authGate } from '../auth/secure-serve';
import { publicKeyView } from '../auth/api-key-store';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { parseTime } from '../params/time-range';

/** How long a rotated-out key keeps working unless the request says otherwise. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 86_400;

/**
 * `/monitoring/admin/api-keys`: create (the key is in the answer once, only its hash is
 * stored), list and get (never the key or its hash), rotate (a new key with the same role and
 * scopes; the old one expires after a grace period) and revoke (refused from then on).
 */
export const adminKeyRoutes: Readonly<Record<string, RouteHandler>> = {
  async createApiKey({ ports, body }) {
    const input = body as { name: string; role: Role; services?: string[]; dashboards?: string[]; expiresAt?: string };
    const now = ports.clock.now();
    const expiresAt = input.expiresAt === undefined ? undefined : parseTime(input.expiresAt, 'expiresAt');
    if (expiresAt !== undefined && expiresAt <= now) throw new PlatformError('invalid_argument', 'expiresAt is in the past', [{ in: 'body', name: 'expiresAt' }]);
    const { key, record } = createApiKey({ name: input.name, role: input.role, ...(input.services && { services: input.services }), ...(input.dashboards && { dashboards: input.dashboards }), ...(expiresAt !== undefined && { expiresAt }) }, now);
    await authGate().keyStore(ports.state).put(record, 0);
    return jsonResponse(201, { ...publicKeyView(record, now), key }, { location: `/monitoring/admin/api-keys/${record.id}` });
  },
  async listApiKeys({ ports, params }) {
    const now = ports.clock.now();
    const page = await authGate().keyStore(ports.state).list((params.limit as number | undefined) ?? 100, params.cursor as string | undefined);
    return jsonResponse(200, { items: page.items.map((r) => publicKeyView(r, now)), ...(page.nextCursor && { nextCursor: page.nextCursor }) });
  },
  async getApiKey({ ports, params }) {
    const item = await found(ports.state, params.id as string);
    return jsonResponse(200, publicKeyView(item.value, ports.clock.now()));
  },
  async revokeApiKey({ ports, params }) {
    const item = await found(ports.state, params.id as string);
    const now = ports.clock.now();
    const record: ApiKeyRecord = item.value.revokedAt !== undefined ? item.value : { ...item.value, revokedAt: now };
    await authGate().keyStore(ports.state).put(record, item.version);
    return jsonResponse(200, publicKeyView(record, now));
  },
  async rotateApiKey({ ports, params, body }) {
    const item = await found(ports.state, params.id as string);
    const now = ports.clock.now();
    const old = item.value;
    if (old.revokedAt !== undefined) throw new PlatformError('conflict', `API key ${old.id} is revoked; create a new one instead`, [{ id: old.id }]);
    const grace = (body as { graceSeconds?: number } | undefined)?.graceSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS;
    const { key, record } = createApiKey({ name: old.name, role: old.role, ...(old.services && { services: [...old.services] }), ...(old.dashboards && { dashboards: [...old.dashboards] }), ...(old.expiresAt !== undefined && old.expiresAt > now && { expiresAt: old.expiresAt }), rotatedFrom: old.id }, now);
    const store = authGate().keyStore(ports.state);
    await store.put(record, 0);
    const oldExpiry = Math.min(old.expiresAt ?? Infinity, now + grace * 1000);
    await store.put({ ...old, expiresAt: oldExpiry }, item.version);
    return jsonResponse(201, { ...publicKeyView(record, now), key, previous: publicKeyView({ ...old, expiresAt: oldExpiry }, now) }, { location: `/monitoring/admin/api-keys/${record.id}` });
  },
};

async function found(state: StateStore, id: string) {
  const item = await authGate().keyStore(state).get(id);
  if (!item) throw new PlatformError('not_found', `API key ${id} does not exist`, [{ id }]);
  return item;
}
