import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Stream } from 'aws-cdk-lib/aws-kinesis';
import { LogGroupSubscriptions } from '../../../../lib/constructs/log-pipeline/log-group-subscriptions';
import { readLogSubscriptions } from '../../../../lib/constructs/log-pipeline/log-group-subscriptions-props';

function build(logGroupNames: string[], extra: { excludedPrefixes?: string[] } = {}) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S');
  const stream = new Stream(stack, 'Logs');
  const role = new Role(stack, 'Role', { assumedBy: new ServicePrincipal('logs.amazonaws.com') });
  new LogGroupSubscriptions(stack, 'Subs', { logGroupNames, stream, role, excludedLogGroupNames: ['/aws/lambda/obs-log-processor'], ...extra });
  return Template.fromStack(stack);
}

describe('LogGroupSubscriptions', () => {
  it('creates one subscription filter per configured group, to the logs stream with the role, duplicates once', () => {
    const t = build(['/aws/lambda/checkout', '/ecs/orders', '/aws/lambda/checkout']);
    t.resourceCountIs('AWS::Logs::SubscriptionFilter', 2);
    t.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: '/ecs/orders',
      FilterPattern: '',
      FilterName: 'observability-platform',
      DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Logs'), 'Arn'] },
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Role'), 'Arn'] },
    });
  });

  it("refuses the log processor's own group, excluded prefixes and invalid names", () => {
    expect(() => build(['/aws/lambda/obs-log-processor'])).toThrow(/own log group/);
    expect(() => build(['/observability/services/api'], { excludedPrefixes: ['/observability/services/'] })).toThrow(/under \/observability\/services\//);
    expect(() => build(['bad name*'])).toThrow(/not a valid log group name/);
  });

  it('reads the context setting as a JSON array or a comma-separated string', () => {
    expect(readLogSubscriptions(undefined)).toEqual([]);
    expect(readLogSubscriptions('/a, /b,,/a')).toEqual(['/a', '/b']);
    expect(readLogSubscriptions('["/x","/y"]')).toEqual(['/x', '/y']);
    expect(readLogSubscriptions(['/z'])).toEqual(['/z']);
    expect(() => readLogSubscriptions(7)).toThrow(/list of log group names/);
  });
});
