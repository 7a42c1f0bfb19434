import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { emulatorClientConfig, startEmulator, type RunningEmulator } from './aws-emulators';

/** Creates a table shaped like the platform's state table (`pk`/`sk` strings, on demand), for tests on dynalite. */
export async function createStateTable(client: DynamoDBClient, tableName: string): Promise<string> {
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
  return tableName;
}

/**
 * Starts dynalite for the calling test file (before all its tests; closed after) and hands a
 * client on it, and the emulator's port for extra clients, to `use`.
 */
export function useDynalite(use: (client: DynamoDBClient, port: number) => void): void {
  let emulator: RunningEmulator | undefined;
  let client: DynamoDBClient | undefined;
  beforeAll(async () => {
    emulator = await startEmulator('dynalite');
    client = new DynamoDBClient(emulatorClientConfig(emulator.port));
    use(client, emulator.port);
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.close();
  });
}
