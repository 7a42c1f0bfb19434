import { gunzipSync } from 'node:zlib';
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbStateStore } from '../../../../lambdas/adapters/aws/dynamodb-state-store';
import { ConflictError } from '../../../../lambdas/core/domain/errors';
import { ManualClock } from '../../../../lambdas/core/ports/clock';
import { describeStateStoreContract } from '../../../support/contract/state-store-contract';
import { memoryS3 } from './engine-state-fixture';
import { createStateTable, useDynalite } from '../../../support/contract/state-table';

let client: DynamoDBClient;
let tables = 0;
useDynalite((c) => (client = c));

async function createTable(): Promise<string> {
  const tableName = `state-${++tables}`;
  await createStateTable(client, tableName);
  return tableName;
}

describeStateStoreContract('DynamoDbStateStore on dynalite', async () => {
  const tableName = await createTable();
  const clock = new ManualClock(1_700_000_000_000);
  return { store: new DynamoDbStateStore({ client, tableName, clock }), clock };
});

// No byte fits in an item here, so every value of the contract lives in S3 behind its item.
describeStateStoreContract('DynamoDbStateStore on dynalite with every value in (in-memory) S3', async () => {
  const tableName = await createTable();
  const clock = new ManualClock(1_700_000_000_000);
  const s3 = memoryS3();
  const store = new DynamoDbStateStore({ client, tableName, clock, values: { compressAboveBytes: 0, maxStoredBytes: 0 }, largeValues: { s3: s3.client, bucket: 'values' } });
  return {
    store,
    clock,
    cleanup: async () => {
      // Whatever the contract did, only objects of existing items are left (TTL-expired ones included: DynamoDB has not swept them).
      const out = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
      expect(out.Items!.every((i) => i.valueEncoding?.S === 's3')).toBe(true);
      expect([...s3.objects.keys()].sort()).toEqual(out.Items!.map((i) => `values/${i.valueRef.S}`).sort());
    },
  };
});

describe('DynamoDbStateStore item layout (aws-sdk-client-mock)', () => {
  // A separate client instance, so the mock does not touch the dynalite-backed one above.
  const mocked = new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const ddb = mockClient(mocked);
  beforeEach(() => ddb.reset());

  it('writes pk/sk, version, JSON value, updatedAt and the TTL attribute expiresAt in seconds', async () => {
    ddb.on(PutItemCommand).resolves({});
    const clock = new ManualClock(1_700_000_000_500);
    const store = new DynamoDbStateStore({ client: mocked, tableName: 'state', clock });
    await store.put('silence', 's1', { matchers: ['a'] }, { expectedVersion: 0, ttlSeconds: 3600 });
    expect(ddb.commandCalls(PutItemCommand)[0].args[0].input).toEqual({
      TableName: 'state',
      Item: {
        pk: { S: 'silence' },
        sk: { S: 's1' },
        version: { N: '1' },
        value: { S: '{"matchers":["a"]}' },
        updatedAt: { N: '1700000000500' },
        expiresAt: { N: '1700003601' },
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
      ExpressionAttributeValues: { ':now': { N: '1700000000.5' } },
    });
  });

  it('writes a value over 64 KB as gzip in the Binary value with valueEncoding, reading only the version first on an unconditional put', async () => {
    ddb.on(GetItemCommand).resolves({ Item: { version: { N: '3' } } });
    ddb.on(PutItemCommand).resolves({});
    const store = new DynamoDbStateStore({ client: mocked, tableName: 'state', clock: new ManualClock(1_700_000_000_000) });
    const value = { rows: Array.from({ length: 3000 }, (_, i) => ({ i, labels: { job: 'api', env: 'prod' } })) };
    await store.put('alerting-engine', 'default', value);
    expect(ddb.commandCalls(GetItemCommand)[0].args[0].input).toMatchObject({ ProjectionExpression: 'version, expiresAt', ConsistentRead: true });
    const input = ddb.commandCalls(PutItemCommand)[0].args[0].input;
    expect(Object.keys(input.Item!).sort()).toEqual(['pk', 'sk', 'updatedAt', 'value', 'valueEncoding', 'version']);
    expect(input.Item).toMatchObject({ version: { N: '4' }, valueEncoding: { S: 'gzip' } });
    expect(JSON.parse(gunzipSync(input.Item!.value.B!).toString('utf8'))).toEqual(value);
    expect(input.ExpressionAttributeValues).toMatchObject({ ':v': { N: '3' } });
  });

  it('maps ConditionalCheckFailedException to ConflictError', async () => {
    ddb.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    const store = new DynamoDbStateStore({ client: mocked, tableName: 'state' });
    await expect(store.put('rule', 'r', 1, { expectedVersion: 4 })).rejects.toBeInstanceOf(ConflictError);
    expect(ddb.commandCalls(PutItemCommand)[0].args[0].input).toMatchObject({
      ConditionExpression: 'version = :v AND (attribute_not_exists(expiresAt) OR expiresAt > :now)',
      Item: { version: { N: '5' } },
    });
  });
});
