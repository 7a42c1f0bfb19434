import { gunzipSync } from 'node:zlib';
import { DynamoDBClient, GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { MissingStateValueError } from '../../../../lambdas/adapters/aws/dynamodb-s3-values';
import { DynamoDbStateStore, type DynamoDbStateStoreOptions } from '../../../../lambdas/adapters/aws/dynamodb-state-store';
import { ConflictError } from '../../../../lambdas/core/domain/errors';
import { ManualClock } from '../../../../lambdas/core/ports/clock';
import { emulatorClientConfig } from '../../../support/contract/aws-emulators';
import { engineStateFixture, memoryS3, type MemoryS3 } from './engine-state-fixture';
import { createStateTable, useDynalite } from '../../../support/contract/state-table';

const BUCKET = 'platform-state-values';
// Small limits so a few KB of incompressible text already leaves the item (the 20,000-alert test uses the real ones).
const TINY = { compressAboveBytes: 100, maxStoredBytes: 1_000 };

let client: DynamoDBClient;
let tables = 0;
let dynalitePort: number;
useDynalite((c, port) => ((client = c), (dynalitePort = port)));

interface Harness {
  store: DynamoDbStateStore;
  tableName: string;
  clock: ManualClock;
  s3: MemoryS3;
  options: DynamoDbStateStoreOptions;
}

async function freshStore(overrides: Partial<DynamoDbStateStoreOptions> = {}, s3 = memoryS3()): Promise<Harness> {
  const tableName = `s3values-${++tables}`;
  await createStateTable(client, tableName);
  const clock = new ManualClock(1_700_000_000_000);
  const options: DynamoDbStateStoreOptions = { client, tableName, clock, values: TINY, largeValues: { s3: s3.client, bucket: BUCKET }, ...overrides };
  return { store: new DynamoDbStateStore(options), tableName, clock, s3, options };
}

async function rawItem(tableName: string, kind: string, id: string): Promise<Record<string, AttributeValue> | undefined> {
  const out = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: kind }, sk: { S: id } }, ConsistentRead: true }));
  return out.Item;
}

/** Text gzip cannot shrink much: seeded random base64-like characters. */
function noise(chars: number, seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let s = seed >>> 0;
  let out = '';
  for (let i = 0; i < chars; i++) {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    out += alphabet[s >>> 26];
  }
  return out;
}

const big = (seed: number) => ({ seed, data: noise(4_000, seed) });
const keys = (s3: MemoryS3) => [...s3.objects.keys()].map((k) => k.slice(BUCKET.length + 1)).sort();
const refOf = async (h: Harness, kind: string, id: string) => (await rawItem(h.tableName, kind, id))?.valueRef?.S;

describe('DynamoDbStateStore values in S3 behind a versioned pointer (dynalite + in-memory S3)', () => {
  it('round-trips the 20,000-alert engine state exactly; the item is small and carries the pointer', async () => {
    const h = await freshStore({ values: undefined });
    const state = engineStateFixture(20_000);
    const json = JSON.stringify(state);
    const written = await h.store.put('alerting-engine', 'default', state, { expectedVersion: 0 });
    expect(written).toMatchObject({ kind: 'alerting-engine', id: 'default', version: 1 });

    const raw = (await rawItem(h.tableName, 'alerting-engine', 'default'))!;
    expect(Object.keys(raw).sort()).toEqual(['pk', 'sk', 'updatedAt', 'valueBytes', 'valueEncoding', 'valueRef', 'version']);
    expect(raw.valueEncoding).toEqual({ S: 's3' });
    expect(raw.valueBytes).toEqual({ N: String(Buffer.byteLength(json)) });
    const ref = raw.valueRef.S!;
    expect(ref).toMatch(/^state-values\/alerting-engine\/default\/1-[0-9a-f]{8}\.json\.gz$/);
    expect(JSON.stringify(raw).length).toBeLessThan(400);

    const calls = h.s3.mock.commandCalls(PutObjectCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0].args[0].input;
    expect(Object.keys(input).sort()).toEqual(['Body', 'Bucket', 'ContentEncoding', 'ContentType', 'Key']);
    expect(input).toMatchObject({ Bucket: BUCKET, Key: ref, ContentType: 'application/json', ContentEncoding: 'gzip' });
    const body = input.Body as Uint8Array;
    expect(body.length).toBeGreaterThan(358_400);
    expect(gunzipSync(body).toString('utf8')).toBe(json);

    const read = await h.store.get<typeof state>('alerting-engine', 'default');
    expect(h.s3.mock.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: BUCKET, Key: ref }]);
    expect(read).toMatchObject({ kind: 'alerting-engine', id: 'default', version: 1, updatedAt: 1_700_000_000_000 });
    expect(JSON.stringify(read!.value)).toBe(json);
    const listed = await h.store.list<typeof state>('alerting-engine');
    expect(listed.items.map((i) => [i.id, i.version])).toEqual([['default', 1]]);
    expect(JSON.stringify(listed.items[0].value)).toBe(json);
  });

  it('keeps expectedVersion semantics: a stale put conflicts as before and leaves no object; a rewrite deletes the old one; a shrink goes back inline', async () => {
    const h = await freshStore();
    await h.store.put('blob', 'b', big(1), { expectedVersion: 0 });
    const first = (await refOf(h, 'blob', 'b'))!;
    expect(keys(h.s3)).toEqual([first]);

    // Same error as a store without S3 gives, and the object written for the losing version is gone.
    const stale = h.store.put('blob', 'b', big(2), { expectedVersion: 0 });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ status: 409, code: 'conflict', message: 'blob/b is not at version 0', details: [{ kind: 'blob', id: 'b', expectedVersion: 0 }] });
    const lostKey = h.s3.mock.commandCalls(PutObjectCommand)[1].args[0].input.Key!;
    expect(lostKey).toMatch(/^state-values\/blob\/b\/1-[0-9a-f]{8}\.json\.gz$/);
    expect(lostKey).not.toBe(first);
    expect(h.s3.mock.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: BUCKET, Key: lostKey }]);
    expect(keys(h.s3)).toEqual([first]);
    await expect(h.store.put('blob', 'b', big(2), { expectedVersion: 5 })).rejects.toThrow('blob/b is not at version 5');
    expect(keys(h.s3)).toEqual([first]);
    expect(await h.store.get('blob', 'b')).toMatchObject({ version: 1, value: big(1) });

    // A successful rewrite points at a new object and deletes the one version 1 pointed at.
    await h.store.put('blob', 'b', big(3), { expectedVersion: 1 });
    const second = (await refOf(h, 'blob', 'b'))!;
    expect(second).toMatch(/^state-values\/blob\/b\/2-[0-9a-f]{8}\.json\.gz$/);
    expect(keys(h.s3)).toEqual([second]);
    expect(await h.store.get('blob', 'b')).toMatchObject({ version: 2, value: big(3) });

    // Shrinking under the limit stores the value in the item again and deletes the object.
    await h.store.put('blob', 'b', { small: true }, { expectedVersion: 2 });
    const inline = (await rawItem(h.tableName, 'blob', 'b'))!;
    expect(inline.value).toEqual({ S: '{"small":true}' });
    expect(inline.valueRef).toBeUndefined();
    expect(inline.valueEncoding).toBeUndefined();
    expect(keys(h.s3)).toEqual([]);

    // An unconditional put (read version, conditional write) offloads with the next version in the key.
    expect((await h.store.put('blob', 'b', big(4))).version).toBe(4);
    const fourth = (await refOf(h, 'blob', 'b'))!;
    expect(fourth).toMatch(/\/4-[0-9a-f]{8}\.json\.gz$/);

    // Deletes keep their version check; a successful one removes the object after the item.
    await expect(h.store.delete('blob', 'b', { expectedVersion: 3 })).rejects.toBeInstanceOf(ConflictError);
    expect(keys(h.s3)).toEqual([fourth]);
    expect(await h.store.delete('blob', 'b', { expectedVersion: 4 })).toBe(true);
    expect(await rawItem(h.tableName, 'blob', 'b')).toBeUndefined();
    expect(keys(h.s3)).toEqual([]);
    expect(await h.store.delete('blob', 'b')).toBe(false);
  });

  it('lets exactly one of two racing offloaded writers win, leaving only the winner\'s object', async () => {
    const h = await freshStore();
    await h.store.put('blob', 'r', big(1));
    const results = await Promise.allSettled([
      h.store.put('blob', 'r', big(2), { expectedVersion: 1 }),
      h.store.put('blob', 'r', big(3), { expectedVersion: 1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(ConflictError)]);
    const winner = results[0].status === 'fulfilled' ? big(2) : big(3);
    expect(await h.store.get('blob', 'r')).toMatchObject({ version: 2, value: winner });
    expect(keys(h.s3)).toEqual([await refOf(h, 'blob', 'r')]);
  });

  it('treats the refused retry of a PutItem that had landed as the success it was, keeping its object', async () => {
    // A client whose every PutItem is sent twice, as the SDK retries after a lost response: the second fails its condition.
    const retrying = new DynamoDBClient(emulatorClientConfig(dynalitePort));
    retrying.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutItemCommand') await next(args);
        return next(args);
      },
      { step: 'finalizeRequest', name: 'replayPutItem' },
    );
    const h = await freshStore();
    const store = new DynamoDbStateStore({ ...h.options, client: retrying });
    expect((await store.put('blob', 'x', big(1), { expectedVersion: 0 })).version).toBe(1);
    expect(keys(h.s3)).toEqual([await refOf(h, 'blob', 'x')]);
    expect(await store.get('blob', 'x')).toMatchObject({ version: 1, value: big(1) });
    // An inline value cannot be told apart, so that retry still reports the conflict it always did.
    await expect(store.put('blob', 'y', 'small', { expectedVersion: 0 })).rejects.toBeInstanceOf(ConflictError);
    retrying.destroy();
  });

  it('answers list and prefix queries with offloaded values, fetching at most 8 objects at once', async () => {
    const s3 = memoryS3(5);
    const h = await freshStore({}, s3);
    const ids = Array.from({ length: 20 }, (_, i) => `team-a/${String(i).padStart(2, '0')}`);
    for (const [i, id] of ids.entries()) await h.store.put('dash', id, big(i));
    await h.store.put('dash', 'team-a/99', { inline: 1 });
    await h.store.put('dash', 'team-b/00', big(100));
    expect(s3.objects.size).toBe(21);

    const all = await h.store.list('dash', { prefix: 'team-a/' });
    expect(all.items.map((i) => [i.id, i.value])).toEqual([...ids.map((id, i) => [id, big(i)]), ['team-a/99', { inline: 1 }]]);
    expect(s3.maxConcurrentGets).toBeGreaterThan(1);
    expect(s3.maxConcurrentGets).toBeLessThanOrEqual(8);

    const first = await h.store.list('dash', { prefix: 'team-a/', limit: 15 });
    expect(first.items).toHaveLength(15);
    const rest = await h.store.list('dash', { prefix: 'team-a/', limit: 15, cursor: first.nextCursor });
    expect(rest.items.map((i) => i.id)).toEqual([...ids.slice(15), 'team-a/99']);
    expect((await h.store.list('dash', { prefix: 'team-b/' })).items).toEqual([expect.objectContaining({ id: 'team-b/00', value: big(100) })]);
  });

  it('fails clearly when a live pointer\'s object is missing, in get and list', async () => {
    const s3 = memoryS3();
    const h = await freshStore({ largeValues: { s3: s3.client, bucket: BUCKET, prefix: 'custom/' } }, s3);
    const store = h.store;
    await store.put('odd kind', 'a/b?c', big(1));
    const ref = (await refOf(h, 'odd kind', 'a/b?c'))!;
    expect(ref).toMatch(/^custom\/odd%20kind\/a%2Fb%3Fc\/1-[0-9a-f]{8}\.json\.gz$/);
    s3.objects.clear();

    const get = store.get('odd kind', 'a/b?c');
    await expect(get).rejects.toBeInstanceOf(MissingStateValueError);
    await expect(get).rejects.toMatchObject({ status: 500, details: [{ kind: 'odd kind', id: 'a/b?c', bucket: BUCKET, key: ref }] });
    await expect(get).rejects.toThrow(`odd kind/a/b?c points at its value in s3://${BUCKET}/${ref}, which does not exist`);
    await expect(store.list('odd kind')).rejects.toBeInstanceOf(MissingStateValueError);
  });

  it('reads the new version when a writer replaces the item between the reader\'s item read and object read', async () => {
    const h = await freshStore();
    await h.store.put('blob', 'hot', big(1));
    const writer = new DynamoDbStateStore(h.options);
    h.s3.beforeGet = async () => {
      h.s3.beforeGet = undefined;
      await writer.put('blob', 'hot', big(2), { expectedVersion: 1 });
    };
    expect(await h.store.get('blob', 'hot')).toMatchObject({ version: 2, value: big(2) });
    expect(h.s3.mock.commandCalls(GetObjectCommand)).toHaveLength(2);

    // The same in a list, and with the 403 S3 gives a role without s3:ListBucket for a missing key.
    h.s3.missingAsAccessDenied = true;
    h.s3.beforeGet = async () => {
      h.s3.beforeGet = undefined;
      await writer.put('blob', 'hot', big(3), { expectedVersion: 2 });
    };
    expect((await h.store.list('blob')).items).toEqual([expect.objectContaining({ id: 'hot', version: 3, value: big(3) })]);
    h.s3.beforeGet = async () => {
      h.s3.beforeGet = undefined;
      await writer.put('blob', 'hot', big(4), { expectedVersion: 3 });
    };
    expect(await h.store.get('blob', 'hot')).toMatchObject({ version: 4, value: big(4) });
    // A 403 for an object the item still points at is passed on as it came.
    h.s3.objects.clear();
    await expect(h.store.get('blob', 'hot')).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('offloads items written with a TTL too, and deletes the object of an expired item a new write replaces', async () => {
    const h = await freshStore();
    await h.store.put('incident', 'i1', big(1), { ttlSeconds: 60 });
    const raw = (await rawItem(h.tableName, 'incident', 'i1'))!;
    expect(raw.valueEncoding).toEqual({ S: 's3' });
    expect(raw.expiresAt).toEqual({ N: '1700000060' });
    expect(await h.store.get('incident', 'i1')).toMatchObject({ value: big(1), expiresAt: 1_700_000_060 });
    h.clock.set(1_700_000_061_000);
    expect(await h.store.get('incident', 'i1')).toBeUndefined();
    const old = raw.valueRef.S!;
    await h.store.put('incident', 'i1', big(2), { expectedVersion: 0 });
    expect(keys(h.s3)).toEqual([await refOf(h, 'incident', 'i1')]);
    expect(keys(h.s3)).not.toContain(old);
  });

  it('touches S3 only for values that do not fit an item, and reports a failed cleanup instead of failing the write', async () => {
    const orphans: string[] = [];
    const s3 = memoryS3();
    const h = await freshStore({ largeValues: { s3: s3.client, bucket: BUCKET, onOrphan: (key) => orphans.push(key) } }, s3);
    await h.store.put('rule', 'r', { name: 'cpu', text: 'y'.repeat(5_000) });
    expect((await rawItem(h.tableName, 'rule', 'r'))!.valueEncoding).toEqual({ S: 'gzip' });
    expect(s3.mock.calls()).toHaveLength(0);

    await h.store.put('blob', 'b', big(1));
    const first = (await refOf(h, 'blob', 'b'))!;
    s3.mock.on(DeleteObjectCommand).rejects(new Error('AccessDenied'));
    expect((await h.store.put('blob', 'b', big(2), { expectedVersion: 1 })).version).toBe(2);
    expect(orphans).toEqual([first]);
    expect(await h.store.get('blob', 'b')).toMatchObject({ version: 2, value: big(2) });
  });

  it('keeps the 413 refusal without largeValues', async () => {
    const h = await freshStore({ largeValues: undefined });
    const put = h.store.put('blob', 'b', big(1));
    await expect(put).rejects.toMatchObject({ status: 413, code: 'payload_too_large', details: [expect.objectContaining({ kind: 'blob', id: 'b', maxBytes: 1_000 })] });
    await expect(put).rejects.toThrow(/^blob\/b is too large for a DynamoDB item: \d+ bytes of JSON, \d+ bytes gzip-compressed; at most 1000 bytes fit/);
    expect(h.s3.mock.calls()).toHaveLength(0);
    expect(await rawItem(h.tableName, 'blob', 'b')).toBeUndefined();
  });
});
