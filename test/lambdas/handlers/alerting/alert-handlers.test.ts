import type { Context } from 'aws-lambda';
import type { SqliteNotifier } from '../../../../lambdas/adapters/embedded/sqlite-notifier';
import { ALERTING_KINDS, SINGLETON_ID } from '../../../../lambdas/core/alerting/platform/alerting-store';
import { handler as alertEvaluator } from '../../../../lambdas/handlers/alert-evaluator';
import { usePorts } from '../../../../lambdas/handlers/composition/ports-provider';
import { handler as escalation } from '../../../../lambdas/handlers/escalation';
import { configureObservability } from '../../../../lambdas/handlers/middleware/observability';
import { testPorts } from '../../api/api-test-kit';

const context = { awsRequestId: 'r', functionName: 'f' } as Context;
const scheduled = { version: '0', id: 'x', 'detail-type': 'Scheduled Event', source: 'aws.scheduler', time: '2026-11-22T12:00:00Z', resources: [] };

describe('the alert-evaluator and escalation Lambda entries', () => {
  const lines: string[] = [];
  let restore: ReturnType<typeof configureObservability>;
  const previous = process.env.ALERT_EVALUATOR_WINDOW_MS;
  beforeAll(() => {
    restore = configureObservability({ sink: (l) => lines.push(l), emf: true, format: 'json' });
    process.env.ALERT_EVALUATOR_WINDOW_MS = '0';
  });
  afterAll(() => {
    configureObservability(restore);
    usePorts(undefined);
    if (previous === undefined) delete process.env.ALERT_EVALUATOR_WINDOW_MS;
    else process.env.ALERT_EVALUATOR_WINDOW_MS = previous;
  });

  it('evaluate, notify through the default SNS receiver, open an incident and page it', async () => {
    const t = testPorts();
    usePorts(t.ports);
    await t.ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, { route: { receiver: 'default', group_wait: '0s' }, receivers: [{ name: 'default', type: 'sns' }], defaultEscalationPolicy: 'p' });
    await t.ports.state.put(ALERTING_KINDS.policy, 'p', { levels: [{ targets: [{ type: 'user', id: 'dana' }], timeoutMinutes: 5 }] });
    await t.ports.state.put(ALERTING_KINDS.rule, 'r', { name: 'AlwaysOn', expr: 'vector(1)', labels: { severity: 'info' } });
    expect(await alertEvaluator(scheduled, context)).toMatchObject({ rounds: 1, evaluatedRules: 1, delivered: 1, conflicts: 0, ruleErrors: 0 });
    expect(await escalation(scheduled, context)).toEqual({ incidents: 1, pages: 1, failedPages: 0 });
    const sent = (t.ports.notifier as SqliteNotifier).sent();
    expect(sent.map((n) => [n.severity, n.subject.split(' ')[0]])).toEqual([['info', '[FIRING:1]'], ['info', '[PAGE']]);
    expect(sent[1].attributes.user).toBe('dana');
    expect(lines.map((l) => JSON.parse(l).Route)).toEqual(['schedule', 'schedule']);
  });
});
