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
import { DynamoDbValueCodec, type DynamoDbValueCodecOptions, type EncodedValue } from './dynamodb-value-codec';

/** Settings of {@link DynamoDbStateStore}. */
export interface DynamoDbStateStoreOptions {
  readonly client: DynamoDBClient;
  /** Table with partition key `pk` (S) and sort key `sk` (S), TTL attribute `expiresAt`. */
  readonly tableName: string;
  /** @default systemClock */
  readonly clock?: Clock;
  /** When values are compressed and how big they may get. @default {@link DynamoDbValueCodec}'s defaults */
  readonly values?: DynamoDbValueCodecOptions;
}

type Item = Record<string, AttributeValue>;

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
// An unconditional put is a read plus a conditional write; losing that race this often means a hot item.
const UNCONDITIONAL_ATTEMPTS = 5;

/**
 * Platform state in one DynamoDB table: `pk` = kind, `sk` = id, `version` (N), `value`
 * (S, JSON), `updatedAt` (N, ms), `expiresAt` (N, Unix seconds, the table's TTL attribute).
 * A value whose JSON is over 64 KB is stored gzip-compressed instead: `value` (B) with
 * `valueEncoding` = `gzip` (see {@link DynamoDbValueCodec}); one that does not fit in an item
 * even then is refused with a 413 PlatformError naming the item and the sizes.
 * TTL deletion is lazy, so items whose `expiresAt` has passed are treated as absent.
 */
export class DynamoDbStateStore implements StateStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly clock: Clock;
  private readonly codec: DynamoDbValueCodec;

  constructor(options: DynamoDbStateStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.clock = options.clock ?? systemClock;
    this.codec = new DynamoDbValueCodec(options.values);
  }

  async get<T>(kind: string, id: string): Promise<StateItem<T> | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: key(kind, id), ConsistentRead: true }),
    );
    return out.Item && this.isLive(out.Item) ? this.toStateItem<T>(out.Item) : undefined;
  }

  async put<T>(kind: string, id: string, value: T, options: PutOptions = {}): Promise<StateItem<T>> {
    // Encoded once: compressing a large value is the expensive part, and retries write the same bytes.
    const encoded = this.codec.encode(kind, id, value);
    if (options.expectedVersion !== undefined) return this.conditionalPut(kind, id, value, encoded, options.expectedVersion, options.ttlSeconds);
    for (let attempt = 1; ; attempt++) {
      const current = await this.liveVersion(kind, id);
      try {
        return await this.conditionalPut(kind, id, value, encoded, current, options.ttlSeconds);
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
      for (const it of out.Items ?? []) items.push(this.toStateItem<T>(it));
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

  private async conditionalPut<T>(kind: string, id: string, value: T, encoded: EncodedValue, expected: number, ttlSeconds?: number): Promise<StateItem<T>> {
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
    try {
      await this.client.send(
        new PutItemCommand({ TableName: this.tableName, Item: attributes, ...this.versionCondition(expected, now / 1000) }),
      );
      return item;
    } catch (e) {
      throw this.conflictOr(e, kind, id, expected);
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

  private toStateItem<T>(item: Item): StateItem<T> {
    const expiresAt = item.expiresAt?.N;
    return {
      kind: str(item, 'pk'),
      id: str(item, 'sk'),
      version: Number(item.version?.N ?? 0),
      value: this.codec.decode(item) as T,
      updatedAt: Number(item.updatedAt?.N ?? 0),
      ...(expiresAt !== undefined && { expiresAt: Number(expiresAt) }),
    };
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

function isAfter(p: unknown): p is { after: string } {
  return typeof p === 'object' && p !== null && typeof (p as { after?: unknown }).after === 'string';
}
