import type { Context } from 'aws-lambda';
import type { SqliteNotifier } from '../../../../lambdas/adapters/embedded/sqlite-notifier';
import { ALERTING_KINDS, SINGLETON_ID } from '../../../../lambdas/core/alerting/platform/alerting-store';
import { handler as alertEvaluator } from '../../../../lambdas/handlers/alert-evaluator';
import { usePorts } from '../../../../lambdas/handlers/composition/ports-provider';
import { configureObservability } from '../../../../lambdas/handlers/middleware/observability';
import { normalDraw, seededRandom } from '../../core/anomaly/seeded-random';
import { testPorts } from '../../api/api-test-kit';

const context = { awsRequestId: 'r', functionName: 'f' } as Context;
const scheduled = { version: '0', id: 'x', 'detail-type': 'Scheduled Event', source: 'aws.scheduler', time: '2026-11-22T12:00:00Z', resources: [] };
const NOW = Date.parse('2026-11-22T12:00:00Z');
const MIN = 60_000;

describe('an anomaly(<promql>) alerting rule', () => {
  let restore: ReturnType<typeof configureObservability>;
  const previous = process.env.ALERT_EVALUATOR_WINDOW_MS;
  beforeAll(() => {
    restore = configureObservability({ sink: () => undefined });
    process.env.ALERT_EVALUATOR_WINDOW_MS = '0';
  });
  afterAll(() => {
    configureObservability(restore);
    usePorts(undefined);
    if (previous === undefined) delete process.env.ALERT_EVALUATOR_WINDOW_MS;
    else process.env.ALERT_EVALUATOR_WINDOW_MS = previous;
  });

  it.each([
    ['fires for the series with a spike', 60, 1],
    ['stays quiet on noise', 0, 0],
  ])('%s', async (_name, spike, delivered) => {
    const t = testPorts(NOW);
    usePorts(t.ports);
    const rnd = seededRandom(5);
    const samples = Array.from({ length: 1000 }, (_, i) => ({ timestamp: NOW - (1000 - i) * MIN, value: 100 + 2 * normalDraw(rnd) + (i === 999 ? spike : 0) }));
    await t.ports.metrics.write([{ labels: { __name__: 'latency_ms', route: '/cart' }, samples }]);
    await t.ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, { route: { receiver: 'default', group_wait: '0s' }, receivers: [{ name: 'default', type: 'sns' }] });
    await t.ports.state.put(ALERTING_KINDS.rule, 'a', { name: 'LatencyAnomaly', expr: 'anomaly(latency_ms)', labels: { severity: 'warning' } });
    expect(await alertEvaluator(scheduled, context)).toMatchObject({ evaluatedRules: 1, delivered, ruleErrors: 0 });
    const sent = (t.ports.notifier as SqliteNotifier).sent();
    expect(sent.length).toBe(delivered);
    if (delivered) expect(JSON.stringify(sent[0])).toContain('/cart');
  });
});
