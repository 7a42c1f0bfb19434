import { ConflictError } from '../../core/domain/errors';
import { systemClock, type Clock } from '../../core/ports/clock';
import type { Page } from '../../core/ports/page';
import type { ListOptions, PutOptions, StateItem, StateStore } from '../../core/ports/state-store';
import { pageCursor } from '../page-cursor';
import type { Database } from './sqlite-database';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS state_items (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
`;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

interface Row {
  kind: string;
  id: string;
  version: number;
  value: string;
  updated_at: number;
  expires_at: number | null;
}

/**
 * Platform state in SQLite: one row per (kind, id) with optimistic concurrency.
 * Conditional writes run in a transaction; an item past its `expiresAt` is invisible and
 * is overwritten as if absent (DynamoDB TTL semantics without the lazy deletion).
 */
export class SqliteStateStore implements StateStore {
  private readonly selectOne;
  private readonly upsert;
  private readonly deleteOne;
  private readonly selectPage;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock = systemClock,
  ) {
    db.exec(SCHEMA);
    this.selectOne = db.prepare('SELECT * FROM state_items WHERE kind = ? AND id = ?');
    this.upsert = db.prepare(
      `INSERT INTO state_items (kind, id, version, value, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, value = excluded.value,
         updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
    );
    this.deleteOne = db.prepare('DELETE FROM state_items WHERE kind = ? AND id = ?');
    // Keyset paging on the primary key; `substr` rather than LIKE so '%' and '_' in prefixes stay literal.
    this.selectPage = db.prepare(
      `SELECT * FROM state_items WHERE kind = ? AND id > ? AND substr(id, 1, length(?)) = ?
       AND (expires_at IS NULL OR expires_at * 1000 > ?) ORDER BY id LIMIT ?`,
    );
  }

  async get<T>(kind: string, id: string): Promise<StateItem<T> | undefined> {
    const row = this.visible(kind, id);
    return row ? toItem<T>(row) : undefined;
  }

  async put<T>(kind: string, id: string, value: T, options: PutOptions = {}): Promise<StateItem<T>> {
    return this.db.transaction(() => {
      const now = this.clock.now();
      const current = this.visible(kind, id);
      const currentVersion = current?.version ?? 0;
      if (options.expectedVersion !== undefined && options.expectedVersion !== currentVersion) {
        throw new ConflictError(`${kind}/${id} is at version ${currentVersion}, not ${options.expectedVersion}`, [
          { kind, id, expectedVersion: options.expectedVersion, actualVersion: currentVersion },
        ]);
      }
      const expiresAt = options.ttlSeconds !== undefined ? Math.ceil(now / 1000 + options.ttlSeconds) : undefined;
      const item: StateItem<T> = { kind, id, version: currentVersion + 1, value, updatedAt: now, ...(expiresAt !== undefined && { expiresAt }) };
      this.upsert.run(kind, id, item.version, JSON.stringify(value ?? null), now, expiresAt ?? null);
      return item;
    })();
  }

  async delete(kind: string, id: string, options: Pick<PutOptions, 'expectedVersion'> = {}): Promise<boolean> {
    return this.db.transaction(() => {
      const current = this.visible(kind, id);
      const currentVersion = current?.version ?? 0;
      if (options.expectedVersion !== undefined && options.expectedVersion !== currentVersion) {
        throw new ConflictError(`${kind}/${id} is at version ${currentVersion}, not ${options.expectedVersion}`, [
          { kind, id, expectedVersion: options.expectedVersion, actualVersion: currentVersion },
        ]);
      }
      // An expired row is deleted too, but reported as absent.
      this.deleteOne.run(kind, id);
      return current !== undefined;
    })();
  }

  async list<T>(kind: string, options: ListOptions = {}): Promise<Page<StateItem<T>>> {
    const limit = clampLimit(options.limit);
    const after = options.cursor ? pageCursor.decode(options.cursor, isAfter).after : '';
    const prefix = options.prefix ?? '';
    const rows = this.selectPage.all(kind, after, prefix, prefix, this.clock.now(), limit + 1) as Row[];
    const items = rows.slice(0, limit).map((r) => toItem<T>(r));
    return rows.length > limit ? { items, nextCursor: pageCursor.encode({ after: items[items.length - 1].id }) } : { items };
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  private visible(kind: string, id: string): Row | undefined {
    const row = this.selectOne.get(kind, id) as Row | undefined;
    if (!row) return undefined;
    return row.expires_at !== null && row.expires_at * 1000 <= this.clock.now() ? undefined : row;
  }
}

function toItem<T>(r: Row): StateItem<T> {
  return {
    kind: r.kind,
    id: r.id,
    version: r.version,
    value: JSON.parse(r.value) as T,
    updatedAt: r.updated_at,
    ...(r.expires_at !== null && { expiresAt: r.expires_at }),
  };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

function isAfter(p: unknown): p is { after: string } {
  return typeof p === 'object' && p !== null && typeof (p as { after?: unknown }).after === 'string';
}
