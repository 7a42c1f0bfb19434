import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ConflictError } from '../../core/domain/errors';
import { systemClock, type Clock } from '../../core/ports/clock';
import type { Page } from '../../core/ports/page';
import type { ListOptions, PutOptions, StateItem, StateStore } from '../../core/ports/state-store';
import { pageCursor } from '../page-cursor';
import { DynamoDbS3Values, type DynamoDbLargeValuesOptions } from './dynamodb-s3-values';
import { DynamoDbValueCodec, S3_ENCODING, type DynamoDbValueCodecOptions, type EncodedValue, type PackedValue } from './dynamodb-value-codec';

/** Settings of {@link DynamoDbStateStore}. */
export interface DynamoDbStateStoreOptions {
  readonly client: DynamoDBClient;
  /** Table with partition key `pk` (S) and sort key `sk` (S), TTL attribute `expiresAt`. */
  readonly tableName: string;
  /** @default systemClock */
  readonly clock?: Clock;
  /** When values are compressed and how big they may get. @default {@link DynamoDbValueCodec}'s defaults */
  readonly values?: DynamoDbValueCodecOptions;
  /** Where values too big for an item even compressed go; without it they are refused (413). */
  readonly largeValues?: DynamoDbLargeValuesOptions;
}

type Item = Record<string, AttributeValue>;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
// An unconditional put is a read plus a conditional write; losing that race this often means a hot item.
const UNCONDITIONAL_ATTEMPTS = 5;
// Reading an item and then its object races with a writer replacing both; re-reading the item this often settles it.
const READ_ATTEMPTS = 3;
// Value objects fetched at once by a list page.
const LIST_FETCH_CONCURRENCY = 8;

/**
 * Platform state in one DynamoDB table: `pk` = kind, `sk` = id, `version` (N), `value`
 * (S, JSON), `updatedAt` (N, ms), `expiresAt` (N, Unix seconds, the table's TTL attribute).
 * A value whose JSON is over 64 KB is stored gzip-compressed instead: `value` (B) with
 * `valueEncoding` = `gzip` (see {@link DynamoDbValueCodec}); one that does not fit in an item
 * even then is refused with a 413 PlatformError naming the item and the sizes, unless
 * `largeValues` names a bucket: then the gzip bytes go to a fresh S3 object per version (see
 * {@link DynamoDbS3Values}) and the item holds `valueEncoding` = `s3`, `valueRef` (the key) and
 * `valueBytes` (JSON size) instead of `value`. The item stays the unit of versioning: the object
 * is written first, then the item with the usual version condition; a lost race deletes the new
 * object, a won one deletes the object the replaced version pointed at (`ReturnValues: ALL_OLD`).
 * Deleting an item deletes its object afterwards. Those deletes are best effort, so a crash or
 * an S3 failure between the steps leaves at most one unreferenced object per write; so does
 * DynamoDB's TTL sweeper deleting an offloaded item (items with a TTL are offloaded too).
 * TTL deletion is lazy, so items whose `expiresAt` has passed are treated as absent.
 */
export class DynamoDbStateStore implements StateStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly codec: DynamoDbValueCodec;
  private readonly s3: DynamoDbS3Values | undefined;

  constructor(options: DynamoDbStateStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
    this.codec = new DynamoDbValueCodec(options.values);
    this.s3 = options.largeValues && new DynamoDbS3Values(options.largeValues);
  }

  async get<T>(kind: string, id: string): Promise<StateItem<T> | undefined> {
    for (let attempt = 1; ; attempt++) {
      const out = await this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: key(kind, id), ConsistentRead: true }),
      );
      if (!out.Item || !this.isLive(out.Item)) return undefined;
      try {
        return await this.toStateItem<T>(out.Item);
      } catch (e) {
        // A writer may have replaced the item and deleted the object we were about to read: read the item again.
        // Any failure counts, since S3 answers 403 rather than 404 for a missing key to a role without s3:ListBucket.
        const ref = out.Item.valueRef?.S;
        if (ref === undefined || attempt >= READ_ATTEMPTS || !(await this.movedOn(kind, id, ref))) throw e;
      }
    }
  }

  async put<T>(kind: string, id: string, value: T, options: PutOptions = {}): Promise<StateItem<T>> {
    // Packed once: compressing a large value is the expensive part, and retries write the same bytes.
    const packed = this.codec.pack(kind, id, value);
    if (packed.oversize && !this.s3) throw packed.refusal;
    if (options.expectedVersion !== undefined) return this.write(kind, id, value, packed, options.expectedVersion, options.ttlSeconds);
    for (let attempt = 1; ; attempt++) {
      const current = await this.liveVersion(kind, id);
      try {
        return await this.write(kind, id, value, packed, current, options.ttlSeconds);
      } catch (e) {
        if (!(e instanceof ConflictError) || attempt >= UNCONDITIONAL_ATTEMPTS) throw e;
      }
    }
  }

  async delete(kind: string, id: string, options: Pick<PutOptions, 'expectedVersion'> = {}): Promise<boolean> {
    const expected = options.expectedVersion;
    const nowSec = this.clock.now() / 1000;
    try {
      const out = await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: key(kind, id),
          ReturnValues: 'ALL_OLD',
          ...(expected !== undefined && this.versionCondition(expected, nowSec)),
        }),
      );
      const ref = out.Attributes?.valueRef?.S;
      // The item is gone, so nothing points at its object any more.
      if (ref !== undefined && this.s3) await this.s3.discard(ref);
      return out.Attributes !== undefined && this.isLive(out.Attributes);
    } catch (e) {
      throw this.conflictOr(e, kind, id, expected);
    }
  }

  async list<T>(kind: string, options: ListOptions = {}): Promise<Page<StateItem<T>>> {
    const limit = clampLimit(options.limit);
    let startKey: Item | undefined = options.cursor
      ? key(kind, pageCursor.decode(options.cursor, isAfter).after)
      : undefined;
    const items: StateItem<T>[] = [];
    const prefix = options.prefix ?? '';
    // The filter runs after Limit, so keep asking with the remaining count until the page is full.
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
          FilterExpression: 'attribute_not_exists(expiresAt) OR expiresAt > :now',
          ExpressionAttributeValues: {
            ':pk': { S: kind },
            ':now': { N: String(this.clock.now() / 1000) },
            ...(prefix && { ':prefix': { S: prefix } }),
          },
          Limit: limit - items.length,
          ConsistentRead: true,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      for (const it of await mapBounded(out.Items ?? [], LIST_FETCH_CONCURRENCY, (i) => this.listed<T>(i))) if (it) items.push(it);
      startKey = out.LastEvaluatedKey;
    } while (startKey && items.length < limit);
    return startKey ? { items, nextCursor: pageCursor.encode({ after: str(startKey, 'sk') }) } : { items };
  }

  async ping(): Promise<void> {
    await this.client.send(new DescribeTableCommand({ TableName: this.tableName }));
  }

  /** The version of the live item (0: absent or expired), read without fetching the value. */
  private async liveVersion(kind: string, id: string): Promise<number> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(kind, id), ConsistentRead: true, ProjectionExpression: 'version, expiresAt' }),
    );
    return out.Item && this.isLive(out.Item) ? Number(out.Item.version?.N ?? 0) : 0;
  }

  /** Writes version `expected + 1`, in the item or (oversize) in a new S3 object the item points at. */
  private async write<T>(kind: string, id: string, value: T, packed: PackedValue, expected: number, ttlSeconds?: number): Promise<StateItem<T>> {
    if (!packed.oversize) return this.conditionalPut(kind, id, value, packed.attributes, expected, ttlSeconds);
    const s3 = this.s3!;
    const ref = s3.keyFor(kind, id, expected + 1);
    await s3.write(ref, packed.gzip);
    const pointer: EncodedValue = { valueEncoding: { S: S3_ENCODING }, valueRef: { S: ref }, valueBytes: { N: String(packed.jsonBytes) } };
    return this.conditionalPut(kind, id, value, pointer, expected, ttlSeconds, ref);
  }

  /** The version-conditional PutItem; `ref` is the object the new item points at, if any. */
  private async conditionalPut<T>(kind: string, id: string, value: T, encoded: EncodedValue, expected: number, ttlSeconds?: number, ref?: string): Promise<StateItem<T>> {
    const now = this.clock.now();
    const expiresAt = ttlSeconds !== undefined ? Math.ceil(now / 1000 + ttlSeconds) : undefined;
    const item: StateItem<T> = { kind, id, version: expected + 1, value, updatedAt: now, ...(expiresAt !== undefined && { expiresAt }) };
    const attributes: Item = {
      ...key(kind, id),
      version: { N: String(item.version) },
      ...encoded,
      updatedAt: { N: String(now) },
      ...(expiresAt !== undefined && { expiresAt: { N: String(expiresAt) } }),
    };
    let out;
    try {
      out = await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: attributes,
          ...this.versionCondition(expected, now / 1000),
          // The replaced item names the object it pointed at, without a read first.
          ...(this.s3 && { ReturnValues: 'ALL_OLD' as const }),
        }),
      );
    } catch (e) {
      const err = this.conflictOr(e, kind, id, expected);
      // Only a refused condition proves the item does not point at `ref`: after a timeout the write may have landed.
      if (ref !== undefined && err instanceof ConflictError) {
        // An SDK retry of a PutItem that did land fails its own condition; the random key tells that apart.
        const landed = await this.pointsAt(kind, id, ref);
        if (landed === true) return item;
        if (landed === false) await this.s3!.discard(ref);
      }
      throw err;
    }
    const old = out.Attributes?.valueRef?.S;
    if (old !== undefined && old !== ref) await this.s3!.discard(old);
    return item;
  }

  /** Whether the item now points at `ref`; undefined when that cannot be read (the object is then kept, at worst an orphan). */
  private async pointsAt(kind: string, id: string, ref: string): Promise<boolean | undefined> {
    try {
      const out = await this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: key(kind, id), ConsistentRead: true, ProjectionExpression: 'valueRef' }),
      );
      return out.Item?.valueRef?.S === ref;
    } catch {
      return undefined;
    }
  }

  /** Whether item `kind/id` no longer points at the missing object `ref` (then a new read may succeed). */
  private async movedOn(kind: string, id: string, ref: string): Promise<boolean> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(kind, id), ConsistentRead: true, ProjectionExpression: 'valueRef' }),
    );
    return out.Item?.valueRef?.S !== ref;
  }

  /** A listed item with its value; undefined when it was deleted while its object was being fetched. */
  private async listed<T>(raw: Item): Promise<StateItem<T> | undefined> {
    try {
      return await this.toStateItem<T>(raw);
    } catch (e) {
      const ref = raw.valueRef?.S;
      if (ref === undefined || !(await this.movedOn(str(raw, 'pk'), str(raw, 'sk'), ref))) throw e;
      // Replaced or deleted since the query: read the item as it is now.
      return this.get<T>(str(raw, 'pk'), str(raw, 'sk'));
    }
  }

  /** The condition that the live item is at `expected` (0: absent or expired). */
  private versionCondition(expected: number, nowSec: number): { ConditionExpression: string; ExpressionAttributeValues: Item } {
    if (expected === 0) {
      return {
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
        ExpressionAttributeValues: { ':now': { N: String(nowSec) } },
      };
    }
    return {
      ConditionExpression: 'version = :v AND (attribute_not_exists(expiresAt) OR expiresAt > :now)',
      ExpressionAttributeValues: { ':v': { N: String(expected) }, ':now': { N: String(nowSec) } },
    };
  }

  private isLive(item: Item): boolean {
    const exp = item.expiresAt?.N;
    return exp === undefined || Number(exp) * 1000 > this.clock.now();
  }

  private async toStateItem<T>(item: Item): Promise<StateItem<T>> {
    const expiresAt = item.expiresAt?.N;
    const kind = str(item, 'pk');
    const id = str(item, 'sk');
    return {
      kind,
      id,
      version: Number(item.version?.N ?? 0),
      value: (await this.decode(kind, id, item)) as T,
      updatedAt: Number(item.updatedAt?.N ?? 0),
      ...(expiresAt !== undefined && { expiresAt: Number(expiresAt) }),
    };
  }

  private async decode(kind: string, id: string, item: Item): Promise<unknown> {
    if (item.valueEncoding?.S !== S3_ENCODING) return this.codec.decode(item);
    const ref = str(item, 'valueRef');
    if (!this.s3) throw new Error(`${kind}/${id} keeps its value in S3 (${ref}) but this store has no largeValues bucket`);
    return this.codec.unpack(await this.s3.read(kind, id, ref));
  }

  private conflictOr(e: unknown, kind: string, id: string, expected: number | undefined): unknown {
    if (e instanceof ConditionalCheckFailedException || (e as { name?: string }).name === 'ConditionalCheckFailedException') {
      return new ConflictError(`${kind}/${id} is not at version ${expected}`, [{ kind, id, expectedVersion: expected }]);
    }
    return e;
  }
}

function key(kind: string, id: string): Item {
  return { pk: { S: kind }, sk: { S: id } };
}

function str(item: Item, name: string): string {
  const v = item[name]?.S;
  if (v === undefined) throw new Error(`DynamoDB item has no string attribute ${name}`);
  return v;
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/** `fn` over `items` with at most `limit` calls pending, results in input order. */
async function mapBounded<A, B>(items: readonly A[], limit: number, fn: (a: A) => Promise<B>): Promise<B[]> {
  const out = new Array<B>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function isAfter(p: unknown): p is { after: string } {
  return typeof p === 'object' && p !== null && typeof (p as { after?: unknown }).after === 'string';
}
