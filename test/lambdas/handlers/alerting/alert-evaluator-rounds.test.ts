import type { SqliteNotifier } from '../../../../lambdas/adapters/embedded/sqlite-notifier';
import { ALERTING_KINDS, SINGLETON_ID, type StoredGroupState } from '../../../../lambdas/core/alerting/platform/alerting-store';
import { runAlertEvaluator } from '../../../../lambdas/handlers/alerting/alert-evaluator-job';
import { promqlQueryFunction } from '../../../../lambdas/handlers/alerting/promql-query-function';
import { testPorts } from '../../api/api-test-kit';
import { testDelivery } from './alert-test-kit';

const T0 = Date.parse('2026-11-22T12:00:00Z');

describe('alert-evaluator invocation window', () => {
  it('runs sub-minute rounds inside one invocation: each 15 s group evaluation and the group_wait flush at 5 s', async () => {
    const { ports, clock } = testPorts(T0);
    await ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, { route: { receiver: 'sns', group_wait: '5s' }, receivers: [{ name: 'sns', type: 'sns' }] });
    await ports.state.put(ALERTING_KINDS.rule, 'q', { name: 'QueueDeep', expr: 'queue_depth > 100', interval: '15s' });
    await ports.state.put(ALERTING_KINDS.rule, 'slow', { name: 'Minutely', expr: 'queue_depth > 100' });
    await ports.metrics.write([{ labels: { __name__: 'queue_depth', queue: 'jobs' }, samples: [{ timestamp: T0 - 1000, value: 500 }] }]);
    const slept: number[] = [];
    const delivered: number[] = [];
    const notifier = ports.notifier as SqliteNotifier;
    const run = await runAlertEvaluator(ports, {
      delivery: testDelivery(ports),
      query: promqlQueryFunction(ports.metrics),
      windowMs: 50_000,
      sleep: async (ms) => {
        slept.push(ms);
        if (notifier.sent().length > delivered.length) delivered.push(clock.now() - T0);
        clock.advance(ms);
      },
    });
    expect(slept).toEqual([5000, 10_000, 15_000, 15_000]);
    expect(run.rounds).toBe(5);
    // The 15 s group ran at 0, 15, 30 and 45 s; the one-minute group once.
    expect(run.evaluatedRules).toBe(4 + 1);
    expect(delivered).toEqual([5000]);
    const states = (await ports.state.list<StoredGroupState>(ALERTING_KINDS.groupState)).items.map((i) => [i.value.name, i.value.state.lastEvaluation! - T0]);
    expect(states.sort()).toEqual([['q', 45_000], ['slow', 0]]);
    const forState = await ports.metrics.select({ matchers: [{ name: '__name__', op: '=', value: 'ALERTS_FOR_STATE' }, { name: 'alertname', op: '=', value: 'QueueDeep' }], range: { start: T0, end: T0 + 60_000 } });
    expect(forState[0].samples.map((s) => [s.timestamp - T0, s.value])).toEqual([0, 15_000, 30_000, 45_000].map((t) => [t, T0 / 1000]));
  });

  it('writes stale markers when an alert ends, so ALERTS disappears at once from queries', async () => {
    const { ports, clock } = testPorts(T0);
    await ports.state.put(ALERTING_KINDS.rule, 'q', { name: 'QueueDeep', expr: 'queue_depth > 100', interval: '15s', for: '15s' });
    const depth = (t: number, v: number) => ports.metrics.write([{ labels: { __name__: 'queue_depth', queue: 'jobs' }, samples: [{ timestamp: t, value: v }] }]);
    const query = promqlQueryFunction(ports.metrics);
    const alerts = async (t: number) => (await query('ALERTS', t)).map((s) => s.labels.alertstate).sort();
    const run = () => runAlertEvaluator(ports, { delivery: testDelivery(ports), query, windowMs: 0 });
    await depth(T0 - 1000, 500);
    await run();
    expect(await alerts(T0 + 1000)).toEqual(['pending']);
    clock.set(T0 + 15_000);
    await depth(T0 + 14_000, 500);
    await run();
    // pending became firing: the pending series is marked stale at once.
    expect(await alerts(T0 + 16_000)).toEqual(['firing']);
    clock.set(T0 + 30_000);
    await depth(T0 + 29_000, 5);
    await run();
    expect(await alerts(T0 + 31_000)).toEqual([]);
    expect(await query('ALERTS_FOR_STATE', T0 + 31_000)).toEqual([]);
  });
});
