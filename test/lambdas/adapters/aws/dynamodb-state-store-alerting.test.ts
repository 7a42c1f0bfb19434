import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbStateStore } from '../../../../lambdas/adapters/aws/dynamodb-state-store';
import type { DynamoDbValueCodecOptions } from '../../../../lambdas/adapters/aws/dynamodb-value-codec';
import type { SqliteNotifier } from '../../../../lambdas/adapters/embedded/sqlite-notifier';
import { ALERTING_KINDS, SINGLETON_ID, type EngineState, type StoredGroupState } from '../../../../lambdas/core/alerting/platform/alerting-store';
import type { Ports } from '../../../../lambdas/core/ports';
import { runAlertEvaluator } from '../../../../lambdas/handlers/alerting/alert-evaluator-job';
import { promqlQueryFunction } from '../../../../lambdas/handlers/alerting/promql-query-function';
import { emulatorClientConfig, startEmulator, type RunningEmulator } from '../../../support/contract/aws-emulators';
import { testPorts } from '../../api/api-test-kit';
import { testDelivery } from '../../handlers/alerting/alert-test-kit';

const T0 = Date.parse('2026-11-22T12:00:00Z');
const ALERTS = 500;

let emulator: RunningEmulator;
let client: DynamoDBClient;

beforeAll(async () => {
  emulator = await startEmulator('dynalite');
  client = new DynamoDBClient(emulatorClientConfig(emulator.port));
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
});

let tables = 0;

/** Local ports with the StateStore swapped for DynamoDB on dynalite, one alerting rule and ALERTS series over its threshold. */
async function setup(values?: DynamoDbValueCodecOptions) {
  const { ports: local, clock } = testPorts(T0);
  const tableName = `alerting-${++tables}`;
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
  const ports: Ports = { ...local, state: new DynamoDbStateStore({ client, tableName, clock, ...(values && { values }) }) };
  await ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, {
    route: { receiver: 'sns', group_by: ['alertname', 'cluster'], group_wait: '0s' },
    receivers: [{ name: 'sns', type: 'sns' }],
  });
  await ports.state.put(ALERTING_KINDS.rule, 'errors', {
    name: 'HighErrorRate',
    expr: 'http_errors > 100',
    interval: '15s',
    labels: { severity: 'critical', team: 'platform' },
    annotations: { summary: 'High error rate on {{ $labels.pod }}', runbook_url: 'https://runbooks.example.com/high-error-rate' },
  });
  const series = Array.from({ length: ALERTS }, (_, i) => ({
    labels: {
      __name__: 'http_errors',
      cluster: `prod-${i % 3}`,
      namespace: `ns-${i % 10}`,
      service: `svc-${i % 40}`,
      pod: `svc-${i % 40}-${((i * 2_654_435_761) >>> 0).toString(16)}`,
      instance: `10.0.${i >> 8}.${i & 255}:9100`,
      job: 'kubernetes-pods',
    },
    samples: [{ timestamp: T0 - 1000, value: 500 + i }],
  }));
  await ports.metrics.write(series);
  const query = promqlQueryFunction(ports.metrics);
  const run = () => runAlertEvaluator(ports, { delivery: testDelivery(ports), query, windowMs: 0 });
  return { ports, clock, tableName, series, run };
}

describe('alert evaluator on the DynamoDB StateStore (dynalite)', () => {
  it(`fails to write the engine of ${ALERTS} firing alerts (pipeline plus outbox) as plain JSON: the size this test needs`, async () => {
    const { ports, run } = await setup({ compressAboveBytes: Number.POSITIVE_INFINITY });
    await expect(run()).rejects.toThrow(/Item size has exceeded the maximum allowed size/);
    // The engine is the round's first write, so it is the one that did not fit.
    expect(await ports.state.get(ALERTING_KINDS.engine, SINGLETON_ID)).toBeUndefined();
    expect((ports.notifier as SqliteNotifier).sent()).toEqual([]);
  });

  it(`keeps an engine of ${ALERTS} firing alerts in compressed items across rounds, notifying once`, async () => {
    const { ports, clock, tableName, series, run } = await setup();
    await run();
    const engine = await ports.state.get<EngineState>(ALERTING_KINDS.engine, SINGLETON_ID);
    expect(Object.keys(engine!.value.pipeline.alerts)).toHaveLength(ALERTS);
    expect(engine!.value.outbox).toEqual([]);
    const notifier = ports.notifier as SqliteNotifier;
    expect(notifier.sent()).toHaveLength(3);

    const raw = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: ALERTING_KINDS.engine }, sk: { S: SINGLETON_ID } } }));
    expect(raw.Item?.valueEncoding).toEqual({ S: 'gzip' });
    expect(raw.Item?.value.B!.length).toBeLessThan(JSON.stringify(engine!.value).length / 5);
    expect((await ports.state.list<StoredGroupState>(ALERTING_KINDS.groupState)).items).toHaveLength(1);

    // The next rounds read the compressed items back, update them with their versions and send nothing new.
    for (const t of [15_000, 30_000]) {
      clock.set(T0 + t);
      await ports.metrics.write(series.map((s) => ({ labels: s.labels, samples: [{ timestamp: T0 + t - 1000, value: 500 }] })));
      await run();
    }
    const later = await ports.state.get<EngineState>(ALERTING_KINDS.engine, SINGLETON_ID);
    expect(later!.version).toBeGreaterThan(engine!.version);
    expect(Object.keys(later!.value.pipeline.alerts).sort()).toEqual(Object.keys(engine!.value.pipeline.alerts).sort());
    expect(notifier.sent()).toHaveLength(3);
  });
});
