import { randomUUID } from 'node:crypto';
import type { StateItem, StateStore } from '../../core/ports/state-store';

/**
 * Largest JSON text kept in one state item. DynamoDB refuses items over 400 KB; the value is
 * stored as a JSON string (quotes escaped again), so parts stay well under that.
 */
export const MAX_ITEM_JSON_BYTES = 300_000;

/** What a main item holds when its value was split: how many parts, under which write key. */
interface PartsRef {
  readonly $parts: number;
  readonly $key: string;
}

const isPartsRef = (v: unknown): v is PartsRef => typeof v === 'object' && v !== null && typeof (v as PartsRef).$parts === 'number' && typeof (v as PartsRef).$key === 'string';
const partKind = (kind: string) => `${kind}-part`;
const partId = (id: string, key: string, k: number) => `${id}/${key}/${k}`;

/** A stored value read back whole, with the main item (for its version). */
export interface LargeItem<T> {
  readonly item: StateItem<unknown>;
  readonly value: T;
}

/**
 * Reads a value written by {@link putLargeItem}: the main item, and when it was split, its
 * parts (`<kind>-part`) joined back. Undefined when absent; throws when a part is missing.
 */
export async function getLargeItem<T>(state: StateStore, kind: string, id: string): Promise<LargeItem<T> | undefined> {
  const item = await state.get<unknown>(kind, id);
  if (!item) return undefined;
  if (!isPartsRef(item.value)) return { item, value: item.value as T };
  const texts: string[] = [];
  for (let k = 0; k < item.value.$parts; k++) {
    const part = await state.get<string>(partKind(kind), partId(id, item.value.$key, k));
    if (!part) throw new Error(`part ${k} of ${kind} ${id} is missing`);
    texts.push(part.value);
  }
  return { item, value: JSON.parse(texts.join('')) as T };
}

/**
 * Writes a value that may be too big for one state item: small values go as they are; a
 * bigger one is cut into JSON-text parts written first, under a fresh key, then the main item
 * pointing at them (the commit, with `expectedVersion` when given). Parts of the value it
 * replaces (`previous`) are deleted after the commit; parts of a losing write are deleted
 * before the error is rethrown.
 */
export async function putLargeItem(
  state: StateStore,
  kind: string,
  id: string,
  value: unknown,
  options: { expectedVersion?: number; ttlSeconds?: number; previous?: StateItem<unknown>; maxBytes?: number } = {},
): Promise<void> {
  const max = options.maxBytes ?? MAX_ITEM_JSON_BYTES;
  const text = JSON.stringify(value);
  const put = { ...(options.expectedVersion !== undefined && { expectedVersion: options.expectedVersion }), ...(options.ttlSeconds !== undefined && { ttlSeconds: options.ttlSeconds }) };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= max) {
    await state.put(kind, id, value, put);
  } else {
    // Cut by characters so that even multi-byte text keeps each part under the limit.
    const parts = Math.ceil(bytes / max);
    const size = Math.ceil(text.length / parts);
    const key = randomUUID().slice(0, 8);
    const written: string[] = [];
    try {
      for (let k = 0; k * size < text.length; k++) {
        const pid = partId(id, key, k);
        await state.put(partKind(kind), pid, text.slice(k * size, (k + 1) * size), options.ttlSeconds !== undefined ? { ttlSeconds: options.ttlSeconds } : {});
        written.push(pid);
      }
      await state.put<PartsRef>(kind, id, { $parts: written.length, $key: key }, put);
    } catch (error) {
      for (const pid of written) await state.delete(partKind(kind), pid);
      throw error;
    }
  }
  if (options.previous) await deletePartsOf(state, kind, options.previous);
}

/** Deletes a value written by {@link putLargeItem}, parts included; false when there was none. */
export async function deleteLargeItem(state: StateStore, kind: string, id: string): Promise<boolean> {
  const item = await state.get<unknown>(kind, id);
  if (!item) return false;
  await state.delete(kind, id);
  await deletePartsOf(state, kind, item);
  return true;
}

async function deletePartsOf(state: StateStore, kind: string, item: StateItem<unknown>): Promise<void> {
  if (!isPartsRef(item.value)) return;
  for (let k = 0; k < item.value.$parts; k++) await state.delete(partKind(kind), partId(item.id, item.value.$key, k));
}
