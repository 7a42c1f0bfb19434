import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { SnsNotifier, snsSubject } from '../../../../lambdas/adapters/aws/sns-notifier';
import type { Severity } from '../../../../lambdas/core/ports/notifier';
import { describeNotifierContract } from '../../../support/contract/notifier-contract';

const topicArns: Record<Severity, string> = {
  critical: 'arn:aws:sns:eu-west-1:123456789012:alerts-critical',
  warning: 'arn:aws:sns:eu-west-1:123456789012:alerts-warning',
  info: 'arn:aws:sns:eu-west-1:123456789012:alerts-info',
};
const client = new SNSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const sns = mockClient(client);

describeNotifierContract('SnsNotifier (aws-sdk-client-mock)', async () => {
  sns.reset();
  const delivered: { id: string; input: PublishCommandInput }[] = [];
  sns.on(PublishCommand).callsFake((input: PublishCommandInput) => {
    const id = randomUUID();
    delivered.push({ id, input });
    return { MessageId: id };
  });
  const severityOf = (arn: string) => (Object.keys(topicArns) as Severity[]).find((s) => topicArns[s] === arn)!;
  return {
    notifier: new SnsNotifier({ client, topicArns }),
    sent: async () =>
      delivered.map(({ id, input }) => {
        const attrs = Object.fromEntries(Object.entries(input.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue!]));
        const { dedupKey, severity: _severity, ...attributes } = attrs;
        return { id, severity: severityOf(input.TopicArn!), subject: input.Subject ?? '', message: input.Message!, attributes, ...(dedupKey && { dedupKey }) };
      }),
  };
});

describe('SnsNotifier request shapes', () => {
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'mid-1' });
  });

  it('publishes to the severity topic with String attributes, severity and dedupKey first', async () => {
    const notifier = new SnsNotifier({ client, topicArns });
    expect(await notifier.notify({ severity: 'warning', subject: 'Disk 91%', message: 'body', attributes: { host: 'db-1' }, dedupKey: 'd-1' })).toEqual({
      messageId: 'mid-1',
    });
    expect(sns.commandCalls(PublishCommand)[0].args[0].input).toEqual({
      TopicArn: topicArns.warning,
      Subject: 'Disk 91%',
      Message: 'body',
      MessageAttributes: {
        severity: { DataType: 'String', StringValue: 'warning' },
        dedupKey: { DataType: 'String', StringValue: 'd-1' },
        host: { DataType: 'String', StringValue: 'db-1' },
      },
    });
  });

  it('makes subjects SNS accepts: ASCII, one line, at most 100 characters', () => {
    expect(snsSubject('Größe\nüber  Limit ✓')).toBe('Gro?e uber Limit ?');
    const long = snsSubject('x'.repeat(150));
    expect(long).toHaveLength(100);
    expect(long.endsWith('...')).toBe(true);
    expect(snsSubject(' \n ')).toBe('');
  });

  it('omits an empty subject, keeps at most 10 attributes and cleans their names', async () => {
    const notifier = new SnsNotifier({ client, topicArns });
    const attributes = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`a b${i}`, `v${i}`]));
    await notifier.notify({ severity: 'info', subject: '\n', message: 'm', attributes: { ...attributes, 'AWS.x': 'y', empty: '' } });
    const input = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(input.Subject).toBeUndefined();
    const names = Object.keys(input.MessageAttributes!);
    expect(names).toHaveLength(10);
    expect(names[0]).toBe('severity');
    expect(names[1]).toBe('a_b0');
  });

  it('adds MessageGroupId and MessageDeduplicationId on FIFO topics', async () => {
    const fifo = { ...topicArns, critical: `${topicArns.critical}.fifo` };
    await new SnsNotifier({ client, topicArns: fifo }).notify({ severity: 'critical', subject: 's', message: 'm', dedupKey: 'k1' });
    const input = sns.commandCalls(PublishCommand)[0].args[0].input;
    expect(input.MessageGroupId).toBe('critical');
    expect(input.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('truncates a message over 256 KiB on a character boundary', async () => {
    await new SnsNotifier({ client, topicArns }).notify({ severity: 'info', subject: 's', message: 'é'.repeat(200_000) });
    const message = sns.commandCalls(PublishCommand)[0].args[0].input.Message!;
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(256 * 1024);
    expect(message.endsWith('[truncated]')).toBe(true);
    expect(message).not.toContain('\uFFFD');
  });
});
