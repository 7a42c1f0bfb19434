import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbStateStore } from '../../../../lambdas/adapters/aws/dynamodb-state-store';
import { ManualClock } from '../../../../lambdas/core/ports/clock';
import { emulatorClientConfig, startEmulator, type RunningEmulator } from '../../../support/contract/aws-emulators';
import { describeStateStoreContract } from '../../../support/contract/state-store-contract';

let emulator: RunningEmulator;
let client: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  emulator = await startEmulator('dynalite');
  client = new DynamoDBClient(emulatorClientConfig(emulator.port));
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
});

describeStateStoreContract('DynamoDbStateStore on dynalite', async () => {
  const tableName = `state-${++tables}`;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const clock = new ManualClock(1_700_000_000_000);
  return { store: new DynamoDbStateStore({ client, tableName, clock }), clock };
});
