import type { Page, PageRequest, Pingable } from './page';

/** One stored item of platform state (a dashboard, rule, alert, silence, SLO, key...). */
export interface StateItem<T = unknown> {
  readonly kind: string;
  readonly id: string;
  /** Starts at 1 and grows by one on every write. */
  readonly version: number;
  readonly value: T;
  /** Unix milliseconds of the last write. */
  readonly updatedAt: number;
  /** Unix seconds after which the item may be dropped (DynamoDB TTL semantics). */
  readonly expiresAt?: number;
}

/** Options of a write. */
export interface PutOptions {
  /** The version the writer read; 0 means "must not exist yet". A mismatch throws ConflictError. */
  readonly expectedVersion?: number;
  /** Drop the item this many seconds after the write. */
  readonly ttlSeconds?: number;
}

/** Listing options: ids starting with `prefix`, in id order. */
export interface ListOptions extends PageRequest {
  readonly prefix?: string;
}

/** Platform state: one table keyed by (kind, id) with optimistic concurrency (DynamoDB on AWS, SQLite locally). */
export interface StateStore extends Pingable {
  get<T>(kind: string, id: string): Promise<StateItem<T> | undefined>;
  /** Writes a new version; throws ConflictError when `expectedVersion` does not match. */
  put<T>(kind: string, id: string, value: T, options?: PutOptions): Promise<StateItem<T>>;
  /** Deletes; false when there was nothing. Throws ConflictError when `expectedVersion` does not match. */
  delete(kind: string, id: string, options?: Pick<PutOptions, 'expectedVersion'>): Promise<boolean>;
  list<T>(kind: string, options?: ListOptions): Promise<Page<StateItem<T>>>;
}
