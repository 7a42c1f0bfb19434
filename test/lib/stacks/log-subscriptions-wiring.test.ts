import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parsePlatformConfig } from '../../../lib/config';
import { resourcesOf, synthPlatform } from '../platform-fixture';

describe('logSubscriptions and logProcessorConfig wiring', () => {
  const configured = synthPlatform({ prefix: 'obs', logSubscriptions: '/aws/lambda/checkout, /ecs/orders', logProcessorConfig: '{"logCopy":"index","masking":{"ipv4":true}}' });

  it('creates one subscription filter per configured group in the stateful stack, to the logs stream with the subscription role', () => {
    const filters = Object.values(resourcesOf(configured.statefulTemplate, 'AWS::Logs::SubscriptionFilter')).map((r) => r.Properties!);
    expect(filters.map((f) => f.LogGroupName).sort()).toEqual(['/aws/lambda/checkout', '/ecs/orders']);
    expect(filters.map((f) => f.LogGroupName)).not.toContain('/aws/lambda/obs-log-processor');
    configured.statefulTemplate.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: '/ecs/orders',
      DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Streamslogs'), 'Arn'] },
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogSubscriptionRole'), 'Arn'] },
    });
    configured.statelessTemplate.resourceCountIs('AWS::Logs::SubscriptionFilter', 0);
    // Created after the role's policy that lets CloudWatch Logs put records on the stream.
    const policies = Object.keys(resourcesOf(configured.statefulTemplate, 'AWS::IAM::Policy')).filter((id) => id.startsWith('LogSubscriptionRole'));
    expect(policies).toHaveLength(1);
    for (const r of Object.values(resourcesOf(configured.statefulTemplate, 'AWS::Logs::SubscriptionFilter'))) expect(r.DependsOn).toEqual(expect.arrayContaining(policies));
  });

  it('creates no subscription filter by default and none for the log processor\'s own group', () => {
    synthPlatform().statefulTemplate.resourceCountIs('AWS::Logs::SubscriptionFilter', 0);
    expect(() => synthPlatform({ prefix: 'obs', logSubscriptions: '/ecs/a,/aws/lambda/obs-log-processor' })).toThrow(/own log group/);
    expect(() => synthPlatform({ prefix: 'obs', logSubscriptions: '/obs/services/api' })).toThrow(/where the platform writes its own copies/);
  });

  it('passes LOG_PROCESSOR_CONFIG to the log processor only, and leaves it unset by default', () => {
    const env = (template: typeof configured.statelessTemplate, name: string) =>
      Object.values(resourcesOf(template, 'AWS::Lambda::Function')).find((r) => r.Properties!.FunctionName === name)!.Properties!.Environment as { Variables: Record<string, unknown> };
    expect(JSON.parse(env(configured.statelessTemplate, 'obs-log-processor').Variables.LOG_PROCESSOR_CONFIG as string)).toEqual({ logCopy: 'index', masking: { ipv4: true } });
    expect(env(configured.statelessTemplate, 'obs-api').Variables.LOG_PROCESSOR_CONFIG).toBeUndefined();
    expect(env(configured.statelessTemplate, 'obs-log-processor').Variables.ARCHIVE_BUCKET).toBeDefined();
    expect(env(synthPlatform({ prefix: 'obs' }).statelessTemplate, 'obs-log-processor').Variables.LOG_PROCESSOR_CONFIG).toBeUndefined();
  });

  it('validates both settings', () => {
    expect(parsePlatformConfig({ logSubscriptions: '["/a","/b"]' }).logSubscriptions).toEqual(['/a', '/b']);
    expect(parsePlatformConfig({ logSubscriptions: ' , ' }).logSubscriptions).toBeUndefined();
    expect(() => parsePlatformConfig({ logSubscriptions: '/ok,bad name*' })).toThrow(/Invalid setting logSubscriptions="bad name\*"/);
    expect(() => parsePlatformConfig({ logSubscriptions: 5 })).toThrow(/Invalid setting logSubscriptions=5/);
    expect(parsePlatformConfig({ logProcessorConfig: { logCopy: 'full' } }).logProcessorConfig).toBe('{"logCopy":"full"}');
    expect(() => parsePlatformConfig({ logProcessorConfig: '{"logCopy":"some"}' })).toThrow(/Invalid setting logProcessorConfig=.*logCopy must be/);
    expect(() => parsePlatformConfig({ logProcessorConfig: '{not json' })).toThrow(/Invalid setting logProcessorConfig/);
    expect(() => parsePlatformConfig({ logProcessorConfig: '[1]' })).toThrow(/Invalid setting logProcessorConfig/);
  });

  it('is cdk-nag clean with subscriptions configured', () => {
    const report = new AwsSolutionsChecks().validateScope(configured.app);
    expect(report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))).toEqual([]);
  });
});
