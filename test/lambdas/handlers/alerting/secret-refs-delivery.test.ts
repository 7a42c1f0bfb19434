import type { Context } from 'aws-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { ALERTING_KINDS, SINGLETON_ID, type DeliveryRecord } from '../../../../lambdas/core/alerting/platform/alerting-store';
import { handler as alertEvaluator } from '../../../../lambdas/handlers/alert-evaluator';
import { usePorts } from '../../../../lambdas/handlers/composition/ports-provider';
import { resetSecretResolver, secretResolverFor } from '../../../../lambdas/handlers/composition/secret-resolver-provider';
import { configureObservability } from '../../../../lambdas/handlers/middleware/observability';
import { testPorts } from '../../api/api-test-kit';
import { LoopbackReceiver } from './alert-test-kit';

const context = { awsRequestId: 'r', functionName: 'obs-alert-evaluator' } as Context;
const scheduled = { version: '0', id: 'x', 'detail-type': 'Scheduled Event', source: 'aws.scheduler', time: '2026-11-22T12:00:00Z', resources: [] };
const KEYS = ['AWS_LAMBDA_FUNCTION_NAME', 'SECRET_NAME_PREFIX', 'OUTBOUND_PRIVATE_TARGETS', 'ALERT_EVALUATOR_WINDOW_MS', 'SECRET_OBS_PAGERDUTY_ROUTINGKEY', 'SECRET_OBS_SLACK'] as const;
const ssm = mockClient(SSMClient);
const sm = mockClient(SecretsManagerClient);

describe('secret references through the alert-evaluator Lambda entry', () => {
  const saved: Record<string, string | undefined> = {};
  let rx: LoopbackReceiver;
  let restore: ReturnType<typeof configureObservability>;
  beforeAll(async () => {
    restore = configureObservability({ sink: () => undefined, emf: false, format: 'json' });
    rx = await new LoopbackReceiver().start();
  });
  afterAll(async () => {
    configureObservability(restore);
    await rx.stop();
  });
  beforeEach(() => {
    KEYS.forEach((k) => ((saved[k] = process.env[k]), delete process.env[k]));
    process.env.ALERT_EVALUATOR_WINDOW_MS = '0';
    ssm.reset();
    sm.reset();
    rx.requests.length = 0;
    resetSecretResolver();
  });
  afterEach(() => {
    KEYS.forEach((k) => (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k])));
    usePorts(undefined);
    resetSecretResolver();
  });

  /** One evaluator run with a PagerDuty receiver (key by reference) and a Slack one (URL by reference), both on the loopback receiver. */
  async function evaluateOnce(t = testPorts()): Promise<unknown> {
    usePorts(t.ports);
    await t.ports.state.put(ALERTING_KINDS.config, SINGLETON_ID, {
      route: { receiver: 'pager', group_wait: '0s', routes: [{ matchers: ['severity="critical"'], receiver: 'chat', continue: true }, { matchers: ['severity="critical"'], receiver: 'pager' }] },
      receivers: [
        { name: 'pager', type: 'pagerduty', url: `${rx.url}/pd`, routingKeyRef: 'secretsmanager:obs/pagerduty#routingKey' },
        { name: 'chat', type: 'slack', urlRef: 'ssm:/obs/slack' },
      ],
    });
    await t.ports.state.put(ALERTING_KINDS.rule, 'r', { name: 'AlwaysOn', expr: 'vector(1)', labels: { severity: 'critical' } });
    return alertEvaluator(scheduled, context);
  }

  it('on AWS: the key comes from Secrets Manager (#routingKey of a JSON secret), the Slack URL from SSM, with the documented requests', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'obs-alert-evaluator';
    process.env.SECRET_NAME_PREFIX = 'obs';
    process.env.OUTBOUND_PRIVATE_TARGETS = 'allow'; // the loopback receiver stands in for PagerDuty and Slack
    sm.on(GetSecretValueCommand, { SecretId: 'obs/pagerduty' }).resolves({ SecretString: JSON.stringify({ routingKey: 'R0UT1NGKEY0000000000000000000000', note: 'x' }) });
    ssm.on(GetParameterCommand, { Name: '/obs/slack', WithDecryption: true }).resolves({ Parameter: { Value: `${rx.url}/slack` } });

    expect(await evaluateOnce()).toMatchObject({ delivered: 2, failedDeliveries: 0 });
    const pd = rx.on('/pd');
    expect(pd).toHaveLength(1);
    expect(pd[0].json).toMatchObject({ routing_key: 'R0UT1NGKEY0000000000000000000000', event_action: 'trigger' });
    expect(rx.on('/slack')).toHaveLength(1);
    expect(sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).toEqual([{ SecretId: 'obs/pagerduty' }]);
    expect(ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input)).toEqual([{ Name: '/obs/slack', WithDecryption: true }]);
    // One resolver per container: the next invocation reuses its clients and cached values.
    expect(secretResolverFor(process.env)).toBe(secretResolverFor(process.env));
  });

  it('on AWS: a stored reference outside the prefix is refused at delivery without asking the store, and the record says why', async () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'obs-alert-evaluator';
    process.env.SECRET_NAME_PREFIX = 'other';
    process.env.OUTBOUND_PRIVATE_TARGETS = 'allow';
    const t = testPorts();
    const summary = await evaluateOnce(t);
    expect(summary).toMatchObject({ delivered: 0, failedDeliveries: 2 });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
    const records = await t.ports.state.list<DeliveryRecord>(ALERTING_KINDS.delivery);
    const errors = records.items.flatMap((r) => r.value.attempts.map((a) => a.error));
    expect(errors).toEqual(expect.arrayContaining(['secret secretsmanager:obs/pagerduty#routingKey is refused: secretsmanager: names must start with other/ (this platform reads only its own secrets)']));
  });

  it('locally: no store is called, the SECRET_* variables are read as before, and each call gets a fresh resolver', async () => {
    process.env.SECRET_OBS_PAGERDUTY_ROUTINGKEY = 'local-key';
    process.env.SECRET_OBS_SLACK = `${rx.url}/slack`;
    expect(await evaluateOnce()).toMatchObject({ delivered: 2, failedDeliveries: 0 });
    expect(rx.on('/pd')[0].json).toMatchObject({ routing_key: 'local-key' });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
    expect(secretResolverFor(process.env)).not.toBe(secretResolverFor(process.env));
  });
});
