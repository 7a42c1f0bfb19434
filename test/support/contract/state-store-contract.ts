import { ConflictError } from '../../../lambdas/core/domain/errors';
import type { ManualClock } from '../../../lambdas/core/ports/clock';
import type { StateItem, StateStore } from '../../../lambdas/core/ports/state-store';
import { usePortHarness } from './port-harness';

/** What the StateStore contract needs from a test file: a fresh, empty store on a clock the test drives. */
export interface StateStoreHarness {
  readonly store: StateStore;
  readonly clock: ManualClock;
  readonly cleanup?: () => Promise<void>;
}

/** Declares the behaviour every StateStore adapter must have. `makeHarness` is called once per test. */
export function describeStateStoreContract(name: string, makeHarness: () => Promise<StateStoreHarness>): void {
  describe(`StateStore contract: ${name}`, () => {
    let h: StateStoreHarness;
    let store: StateStore;
    usePortHarness(makeHarness, (harness) => ((h = harness), (store = harness.store)), (harness) => harness.store);

    it('round-trips a JSON value with version 1 and the write time', async () => {
      h.clock.set(1_700_000_000_123);
      const value = { name: 'cpu', nested: { list: [1, 'two', null, true] }, unicode: 'Grüße ✓' };
      const written = await store.put('dashboard', 'd1', value);
      expect(written).toEqual({ kind: 'dashboard', id: 'd1', version: 1, value, updatedAt: 1_700_000_000_123 });
      expect(await store.get('dashboard', 'd1')).toEqual(written);
    });

    it('answers undefined for an unknown item and keeps kinds apart', async () => {
      await store.put('rule', 'x', 1);
      expect(await store.get('rule', 'y')).toBeUndefined();
      expect(await store.get('alert', 'x')).toBeUndefined();
    });

    it('grows the version by one on every write', async () => {
      await store.put('rule', 'r', 'a');
      await store.put('rule', 'r', 'b');
      const third = await store.put('rule', 'r', 'c');
      expect(third.version).toBe(3);
      expect(await store.get('rule', 'r')).toMatchObject({ version: 3, value: 'c' });
    });

    it('creates with expectedVersion 0 only when absent', async () => {
      await store.put('slo', 's', { a: 1 }, { expectedVersion: 0 });
      await expect(store.put('slo', 's', { a: 2 }, { expectedVersion: 0 })).rejects.toBeInstanceOf(ConflictError);
      expect(await store.get('slo', 's')).toMatchObject({ version: 1, value: { a: 1 } });
    });

    it('writes with a matching expectedVersion and refuses a stale one with ConflictError (409)', async () => {
      await store.put('slo', 's', 'v1');
      const v2 = await store.put('slo', 's', 'v2', { expectedVersion: 1 });
      expect(v2.version).toBe(2);
      const stale = store.put('slo', 's', 'lost', { expectedVersion: 1 });
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      await expect(stale).rejects.toMatchObject({ status: 409, code: 'conflict' });
      await expect(store.put('slo', 'missing', 'x', { expectedVersion: 3 })).rejects.toBeInstanceOf(ConflictError);
      expect(await store.get('slo', 's')).toMatchObject({ version: 2, value: 'v2' });
    });

    it('lets exactly one of two racing writers win', async () => {
      await store.put('alert', 'a', 0);
      const results = await Promise.allSettled([
        store.put('alert', 'a', 'first', { expectedVersion: 1 }),
        store.put('alert', 'a', 'second', { expectedVersion: 1 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(ConflictError);
      expect((await store.get('alert', 'a'))?.version).toBe(2);
    });

    it('deletes, answering whether there was something, and checks expectedVersion', async () => {
      await store.put('silence', 'x', 1);
      await store.put('silence', 'x', 2);
      await expect(store.delete('silence', 'x', { expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
      expect(await store.get('silence', 'x')).toBeDefined();
      expect(await store.delete('silence', 'x', { expectedVersion: 2 })).toBe(true);
      expect(await store.get('silence', 'x')).toBeUndefined();
      expect(await store.delete('silence', 'x')).toBe(false);
      expect((await store.put('silence', 'x', 3)).version).toBe(1);
    });

    it('hides items past their TTL and treats them as absent for writes', async () => {
      h.clock.set(1_700_000_000_000);
      const item = await store.put('session', 'k', 'v', { ttlSeconds: 60 });
      expect(item.expiresAt).toBe(1_700_000_060);
      expect(await store.get('session', 'k')).toMatchObject({ expiresAt: 1_700_000_060 });
      h.clock.advance(59_000);
      expect(await store.get('session', 'k')).toBeDefined();
      h.clock.advance(1_000);
      expect(await store.get('session', 'k')).toBeUndefined();
      expect((await store.list('session')).items).toEqual([]);
      expect(await store.delete('session', 'k')).toBe(false);
      const again = await store.put('session', 'k', 'new', { expectedVersion: 0 });
      expect(again.version).toBe(1);
      expect(again.expiresAt).toBeUndefined();
      expect(await store.get('session', 'k')).toMatchObject({ value: 'new', version: 1 });
    });

    it('lists in id order with a prefix and pages through every item with opaque cursors', async () => {
      const ids = ['b-2', 'a-1', 'b-1', 'b-10', 'c', 'b-3', 'b_x', 'b-4'];
      for (const id of ids) await store.put('rule', id, { id });
      await store.put('other', 'b-0', {});
      const seen: StateItem<{ id: string }>[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.list<{ id: string }>('rule', { prefix: 'b-', limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen.map((i) => i.id)).toEqual(['b-1', 'b-10', 'b-2', 'b-3', 'b-4']);
      expect(seen.every((i) => i.kind === 'rule' && i.value.id === i.id)).toBe(true);
      const all = await store.list('rule');
      expect(all.items.map((i) => i.id)).toEqual([...ids].sort());
      expect(all.nextCursor).toBeUndefined();
    });

    it('rejects a cursor it did not make', async () => {
      await expect(store.list('rule', { cursor: 'not-a-cursor' })).rejects.toMatchObject({ status: 400 });
    });
  });
}
