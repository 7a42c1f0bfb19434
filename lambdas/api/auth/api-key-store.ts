import type { ApiKeyRecord } from '../../core/access/api-keys';
import type { StateItem, StateStore } from '../../core/ports';

/** The state kind API keys are stored under (hashed: the plain key is never stored). */
export const API_KEY_KIND = 'api-key';

/**
 * API key records in the StateStore, by key id. Remembers whether any key exists for a few
 * seconds, so the local runtime's "open until the first key" check costs no read per request.
 */
export class ApiKeyStore {
  private anyKnown: { value: boolean; at: number } | undefined;

  constructor(
    private readonly state: StateStore,
    private readonly cacheMs = 5_000,
  ) {}

  get(id: string): Promise<StateItem<ApiKeyRecord> | undefined> {
    return this.state.get<ApiKeyRecord>(API_KEY_KIND, id);
  }

  async put(record: ApiKeyRecord, expectedVersion?: number): Promise<StateItem<ApiKeyRecord>> {
    const item = await this.state.put(API_KEY_KIND, record.id, record, expectedVersion === undefined ? {} : { expectedVersion });
    this.anyKnown = { value: true, at: Date.now() };
    return item;
  }

  async list(limit: number, cursor?: string): Promise<{ items: ApiKeyRecord[]; nextCursor?: string }> {
    const page = await this.state.list<ApiKeyRecord>(API_KEY_KIND, { limit, cursor });
    return { items: page.items.map((i) => i.value), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** Whether at least one key (even a revoked one) is stored: once keys exist, access is enforced. */
  async any(now = Date.now()): Promise<boolean> {
    if (this.anyKnown && (this.anyKnown.value || now - this.anyKnown.at < this.cacheMs)) return this.anyKnown.value;
    const page = await this.state.list(API_KEY_KIND, { limit: 1 });
    this.anyKnown = { value: page.items.length > 0, at: now };
    return this.anyKnown.value;
  }
}

/** A key record as the API shows it: everything but the hash. */
export function publicKeyView(record: ApiKeyRecord, now: number): Record<string, unknown> {
  const { hash: _hash, ...rest } = record;
  const status = record.revokedAt !== undefined && record.revokedAt <= now ? 'revoked' : record.expiresAt !== undefined && record.expiresAt <= now ? 'expired' : 'active';
  return {
    ...rest,
    createdAt: new Date(record.createdAt).toISOString(),
    ...(record.expiresAt !== undefined && { expiresAt: new Date(record.expiresAt).toISOString() }),
    ...(record.revokedAt !== undefined && { revokedAt: new Date(record.revokedAt).toISOString() }),
    status,
  };
}
