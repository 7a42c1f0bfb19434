/** One page of a list: items and an opaque cursor for the next page (absent on the last). */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/** Paging arguments every list takes. */
export interface PageRequest {
  readonly limit?: number;
  readonly cursor?: string;
}

/** Something a readiness probe can check. Resolves when the backing store answers; rejects otherwise. */
export interface Pingable {
  ping(): Promise<void>;
}
