import { ConflictError } from '../../../../lambdas/core/domain/errors';
import { deleteLargeItem, getLargeItem, putLargeItem } from '../../../../lambdas/handlers/processors/trace-state-items';
import { testPorts } from '../../api/api-test-kit';

const big = (n: number) => ({ rows: Array.from({ length: n }, (_, i) => ({ i, text: `row ${i} — ünïcode ${'x'.repeat(40)}` })) });

describe('large state items (split under the DynamoDB item limit)', () => {
  it('stores a small value as it is and a big one in parts, read back equal', async () => {
    const { ports } = testPorts();
    await putLargeItem(ports.state, 'k', 'small', { a: 1 }, { maxBytes: 1000 });
    expect((await ports.state.get('k', 'small'))?.value).toEqual({ a: 1 });
    const value = big(200);
    await putLargeItem(ports.state, 'k', 'big', value, { maxBytes: 1000 });
    const parts = (await ports.state.list<string>('k-part')).items;
    expect(parts.length).toBeGreaterThan(5);
    expect(parts.every((p) => Buffer.byteLength(JSON.stringify(p.value)) < 1200)).toBe(true);
    expect((await getLargeItem(ports.state, 'k', 'big'))?.value).toEqual(value);
    expect(await getLargeItem(ports.state, 'k', 'none')).toBeUndefined();
  });

  it('replaces a split value with versioning, deleting the old parts; a lost race leaves no parts', async () => {
    const { ports } = testPorts();
    await putLargeItem(ports.state, 'k', 's', big(100), { maxBytes: 1000, expectedVersion: 0 });
    const first = (await getLargeItem(ports.state, 'k', 's'))!;
    const before = (await ports.state.list('k-part')).items.length;
    await putLargeItem(ports.state, 'k', 's', big(120), { maxBytes: 1000, expectedVersion: first.item.version, previous: first.item });
    const second = (await getLargeItem(ports.state, 'k', 's'))!;
    expect(second.value).toEqual(big(120));
    const after = (await ports.state.list('k-part', { limit: 1000 })).items.length;
    expect(after).toBeGreaterThan(before);
    expect(after).toBeLessThan(before * 2);
    await expect(putLargeItem(ports.state, 'k', 's', big(50), { maxBytes: 1000, expectedVersion: first.item.version })).rejects.toBeInstanceOf(ConflictError);
    expect((await ports.state.list('k-part', { limit: 1000 })).items.length).toBe(after);
    expect(await deleteLargeItem(ports.state, 'k', 's')).toBe(true);
    expect((await ports.state.list('k-part')).items).toEqual([]);
  });
});
