import { DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDbStateStore } from '../../../../lambdas/adapters/aws/dynamodb-state-store';
import { DynamoDbValueCodec } from '../../../../lambdas/adapters/aws/dynamodb-value-codec';
import { ConflictError, PlatformError } from '../../../../lambdas/core/domain/errors';
import { ManualClock } from '../../../../lambdas/core/ports/clock';
import { engineStateFixture } from './engine-state-fixture';
import { createStateTable, useDynalite } from '../../../support/contract/state-table';

const ITEM_LIMIT = 400 * 1024;

let client: DynamoDBClient;
let tables = 0;
useDynalite((c) => (client = c));

async function freshStore(): Promise<{ store: DynamoDbStateStore; tableName: string; clock: ManualClock }> {
  const tableName = `large-${++tables}`;
  await createStateTable(client, tableName);
  const clock = new ManualClock(1_700_000_000_000);
  return { store: new DynamoDbStateStore({ client, tableName, clock }), tableName, clock };
}

async function rawItem(tableName: string, kind: string, id: string): Promise<Record<string, AttributeValue>> {
  const out = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: kind }, sk: { S: id } }, ConsistentRead: true }));
  if (!out.Item) throw new Error(`no raw item ${kind}/${id}`);
  return out.Item;
}

/** DynamoDB's item size: attribute names plus values (strings and binaries by length, numbers by their text as an upper bound). */
function itemBytes(item: Record<string, AttributeValue>): number {
  let n = 0;
  for (const [name, v] of Object.entries(item)) {
    n += Buffer.byteLength(name);
    if (v.S !== undefined) n += Buffer.byteLength(v.S);
    else if (v.B !== undefined) n += v.B.length;
    else if (v.N !== undefined) n += v.N.length;
    else throw new Error(`unexpected attribute type in ${name}`);
  }
  return n;
}

/** Text that gzip cannot shrink much: seeded random base64-like characters. */
function incompressible(chars: number, seed = 7): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let s = seed >>> 0;
  const out: string[] = [];
  for (let i = 0; i < chars; i++) {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    out.push(alphabet[s >>> 26]);
  }
  return out.join('');
}

describe('DynamoDbStateStore large values on dynalite', () => {
  // ~2,100 alerts is the measured most that fits with every alert also in the outbox; 2,000 leaves a margin.
  it('round-trips a multi-MB engine state of 2,000 firing alerts compressed in one item under 400 KB, with version conflicts intact', async () => {
    const { store, tableName } = await freshStore();
    const state = engineStateFixture(2_000);
    const jsonBytes = Buffer.byteLength(JSON.stringify(state));
    expect(jsonBytes).toBeGreaterThan(2_500_000);

    const v1 = await store.put('alerting-engine', 'default', state, { expectedVersion: 0 });
    expect(v1.version).toBe(1);
    const read = await store.get<typeof state>('alerting-engine', 'default');
    expect(read?.value).toEqual(state);
    expect(JSON.stringify(read?.value)).toBe(JSON.stringify(state));

    const raw = await rawItem(tableName, 'alerting-engine', 'default');
    expect(raw.valueEncoding).toEqual({ S: 'gzip' });
    expect(raw.value.S).toBeUndefined();
    expect(raw.value.B).toBeInstanceOf(Uint8Array);
    expect(itemBytes(raw)).toBeLessThan(ITEM_LIMIT);
    expect(jsonBytes / raw.value.B!.length).toBeGreaterThan(5);

    // A round's next write: the one that read version 1 wins, a concurrent one that read it too loses.
    const next = engineStateFixture(2_000, 43);
    const results = await Promise.allSettled([
      store.put('alerting-engine', 'default', next, { expectedVersion: 1 }),
      store.put('alerting-engine', 'default', state, { expectedVersion: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(ConflictError);
    const winner = results.findIndex((r) => r.status === 'fulfilled') === 0 ? next : state;
    expect(await store.get('alerting-engine', 'default')).toMatchObject({ version: 2, value: winner });
    await expect(store.put('alerting-engine', 'default', next, { expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
    await expect(store.put('alerting-engine', 'default', next, { expectedVersion: 0 })).rejects.toBeInstanceOf(ConflictError);

    // Unconditional writes, deletes with a version, TTL and listing work on compressed items as on any other.
    expect((await store.put('alerting-engine', 'default', state)).version).toBe(3);
    expect((await store.list<typeof state>('alerting-engine')).items).toEqual([expect.objectContaining({ id: 'default', version: 3, value: state })]);
    await expect(store.delete('alerting-engine', 'default', { expectedVersion: 2 })).rejects.toBeInstanceOf(ConflictError);
    expect(await store.delete('alerting-engine', 'default', { expectedVersion: 3 })).toBe(true);
    expect(await store.get('alerting-engine', 'default')).toBeUndefined();
  });

  it('without largeValues, refuses the 20,000-alert engine state (too big for one item even compressed) with the sizes, keeping the stored version', async () => {
    const { store } = await freshStore();
    await store.put('alerting-engine', 'default', engineStateFixture(10));
    const huge = engineStateFixture(20_000);
    const put = store.put('alerting-engine', 'default', huge, { expectedVersion: 1 });
    await expect(put).rejects.toBeInstanceOf(PlatformError);
    await expect(put).rejects.toMatchObject({ status: 413, code: 'payload_too_large' });
    await expect(put).rejects.toThrow(/alerting-engine\/default is too large for a DynamoDB item: \d{8} bytes of JSON, \d{7} bytes gzip-compressed; at most 358400 bytes fit/);
    expect(await store.get('alerting-engine', 'default')).toMatchObject({ version: 1, value: engineStateFixture(10) });
  });

  it('stores small values exactly as before and reads items written in the old plain form, however large', async () => {
    const { store, tableName } = await freshStore();
    const small = { name: 'cpu', labels: { a: '1' }, text: 'x'.repeat(60_000) };
    await store.put('rule', 'r1', small, { ttlSeconds: 60 });
    expect(await rawItem(tableName, 'rule', 'r1')).toEqual({
      pk: { S: 'rule' },
      sk: { S: 'r1' },
      version: { N: '1' },
      value: { S: JSON.stringify(small) },
      updatedAt: { N: '1700000000000' },
      expiresAt: { N: '1700000060' },
    });

    // What the previous code wrote for a 300 KB value: plain JSON in `value`, no marker.
    const legacy = engineStateFixture(190);
    const legacyJson = JSON.stringify(legacy);
    expect(legacyJson.length).toBeGreaterThan(250_000);
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: 'alerting-engine' }, sk: { S: 'default' }, version: { N: '7' }, value: { S: legacyJson }, updatedAt: { N: '1699999999000' } },
      }),
    );
    expect(await store.get('alerting-engine', 'default')).toEqual({ kind: 'alerting-engine', id: 'default', version: 7, value: legacy, updatedAt: 1_699_999_999_000 });
    expect((await store.list('alerting-engine')).items.map((i) => i.value)).toEqual([legacy]);

    // The next versioned write moves it to the compressed form.
    await store.put('alerting-engine', 'default', legacy, { expectedVersion: 7 });
    const rewritten = await rawItem(tableName, 'alerting-engine', 'default');
    expect(rewritten.valueEncoding).toEqual({ S: 'gzip' });
    expect(itemBytes(rewritten)).toBeLessThan(legacyJson.length / 5);
    expect(await store.get('alerting-engine', 'default')).toMatchObject({ version: 8, value: legacy });
  });

  it('refuses an incompressible value too big for an item with the kind, id and sizes, and keeps the previous version', async () => {
    const { store, tableName } = await freshStore();
    await store.put('blob', 'b1', { data: 'small' });
    const big = { data: incompressible(500_000) };
    for (const put of [store.put('blob', 'b1', big, { expectedVersion: 1 }), store.put('blob', 'b1', big)]) {
      await expect(put).rejects.toMatchObject({ status: 413, code: 'payload_too_large', details: [expect.objectContaining({ kind: 'blob', id: 'b1', jsonBytes: 500_011 })] });
      await expect(put).rejects.toThrow(/^blob\/b1 is too large for a DynamoDB item: 500011 bytes of JSON, \d+ bytes gzip-compressed; at most 358400 bytes fit/);
    }
    expect(await store.get('blob', 'b1')).toMatchObject({ version: 1, value: { data: 'small' } });
    expect((await rawItem(tableName, 'blob', 'b1')).value).toEqual({ S: '{"data":"small"}' });

    // One that gzip shrinks under the limit is stored.
    const fits = { data: incompressible(400_000, 9) };
    expect((await store.put('blob', 'b1', fits, { expectedVersion: 1 })).version).toBe(2);
    expect(await store.get('blob', 'b1')).toMatchObject({ version: 2, value: fits });
  });
});

describe('DynamoDbValueCodec', () => {
  it('keeps plain JSON when gzip would not make it smaller, and refuses it when it is over the limit', () => {
    const codec = new DynamoDbValueCodec({ compressAboveBytes: 4, maxStoredBytes: 20 });
    expect(codec.encode('k', 'i', 'abcdefghij')).toEqual({ value: { S: '"abcdefghij"' } });
    expect(() => codec.encode('k', 'i', 'abcdefghijklmnopqrstuvwxyz')).toThrow(/^k\/i is too large for a DynamoDB item: 28 bytes of JSON, \d+ bytes gzip-compressed; at most 20 bytes fit/);
  });

  it('round-trips both forms and refuses an encoding it does not know', () => {
    const codec = new DynamoDbValueCodec({ compressAboveBytes: 10 });
    const value = { text: 'é'.repeat(100), n: [1, 2, 3] };
    const packed = codec.encode('k', 'i', value);
    expect(packed.valueEncoding).toEqual({ S: 'gzip' });
    expect(codec.decode(packed)).toEqual(value);
    expect(codec.decode({ value: { S: '[1]' } })).toEqual([1]);
    expect(() => codec.decode({ pk: { S: 'k' }, sk: { S: 'i' }, value: { B: new Uint8Array([1]) }, valueEncoding: { S: 'zstd' } })).toThrow('k/i has an unknown valueEncoding zstd');
  });
});
