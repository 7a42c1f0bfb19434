import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parsePlatformConfig } from '../../../../lib/config';
import { StatefulStack } from '../../../../lib/stacks/stateful-stack';
import { StatelessStack } from '../../../../lib/stacks/stateless-stack';
import { PLATFORM_ROUTES } from '../../../../lib/constructs/monitoring-api/platform-routes';
import { CDK_JSON_CONTEXT, resourcesOf, synthPlatform } from '../../platform-fixture';

/** Full resource paths of every AWS::ApiGateway::Resource, rebuilt from PathPart and ParentId. */
function resourcePaths(template: Template): Map<string, string> {
  const resources = resourcesOf(template, 'AWS::ApiGateway::Resource');
  const pathOf = (id: string): string => {
    const props = resources[id].Properties as { PathPart: string; ParentId: { Ref?: string; 'Fn::GetAtt'?: string[] } };
    const parent = props.ParentId.Ref;
    return `${parent && resources[parent] ? pathOf(parent) : ''}/${props.PathPart}`;
  };
  return new Map(Object.keys(resources).map((id) => [id, pathOf(id)]));
}

/** `METHOD /path` of every method, with its properties. */
function methods(template: Template): Map<string, Record<string, unknown>> {
  const paths = resourcePaths(template);
  const out = new Map<string, Record<string, unknown>>();
  for (const method of Object.values(resourcesOf(template, 'AWS::ApiGateway::Method'))) {
    const props = method.Properties as Record<string, unknown> & { HttpMethod: string; ResourceId: { Ref?: string } };
    const path = props.ResourceId.Ref && paths.has(props.ResourceId.Ref) ? paths.get(props.ResourceId.Ref)! : '/';
    out.set(`${props.HttpMethod} ${path}`, props);
  }
  return out;
}

describe('PlatformApi', () => {
  let apiKey: Template;
  let iam: Template;

  beforeAll(() => {
    apiKey = synthPlatform({ apiThrottleRateLimit: '25', apiThrottleBurstLimit: '50', apiQuotaPerDay: '10000' }).statelessTemplate;
    iam = synthPlatform({ apiAuth: 'iam', apiCloudWatchRole: 'false' }).statelessTemplate;
  });

  it('creates every route on the function that serves it', () => {
    const found = methods(apiKey);
    expect(found.size).toBe(PLATFORM_ROUTES.length);
    for (const route of PLATFORM_ROUTES) {
      const method = found.get(`${route.method} ${route.path}`);
      expect([route.path, method]).toEqual([route.path, expect.anything()]);
      const integration = JSON.stringify((method as { Integration: unknown }).Integration);
      expect([route.path, integration]).toEqual([route.path, expect.stringContaining(`${route.target}Function`)]);
    }
  });

  it('sends POST /api/v1/write to ingest through a resource more specific than /api/v1/{proxy+}', () => {
    const paths = [...resourcePaths(apiKey).values()];
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/write', '/api/v1/{proxy+}', '/api/{proxy+}', '/api/v2/spans', '/loki/api/v1/push']));
    const found = methods(apiKey);
    expect(JSON.stringify(found.get('POST /api/v1/write'))).toContain('ingestFunction');
    expect(JSON.stringify(found.get('ANY /api/v1/{proxy+}'))).toContain('apiFunction');
  });

  it('puts the key authorizer and a tier usage key on every method but the public probes in apiKey mode', () => {
    const found = methods(apiKey);
    const authorizers = resourcesOf(apiKey, 'AWS::ApiGateway::Authorizer');
    expect(Object.values(authorizers)).toEqual([
      expect.objectContaining({ Properties: expect.objectContaining({ Type: 'REQUEST', IdentitySource: 'method.request.header.x-api-key', AuthorizerResultTtlInSeconds: 60 }) }),
    ]);
    expect(JSON.stringify(Object.values(authorizers)[0].Properties?.AuthorizerUri)).toContain('authorizerFunction');
    for (const route of PLATFORM_ROUTES) {
      const props = found.get(`${route.method} ${route.path}`)!;
      if (['/health', '/ready', '/live'].includes(route.path)) {
        expect([route.path, props.AuthorizationType, props.ApiKeyRequired]).toEqual([route.path, 'NONE', undefined]);
      } else {
        expect([route.path, props]).toEqual([route.path, expect.objectContaining({ AuthorizationType: 'CUSTOM', AuthorizerId: expect.anything(), ApiKeyRequired: true, RequestValidatorId: expect.anything() })]);
      }
    }
    apiKey.hasResourceProperties('AWS::ApiGateway::RestApi', { ApiKeySourceType: 'AUTHORIZER' });
  });

  it('requires SigV4 on every method in iam mode, without usage plan or key', () => {
    const all = Object.values(resourcesOf(iam, 'AWS::ApiGateway::Method')).filter((m) => m.Properties?.HttpMethod !== 'OPTIONS');
    expect(all.length).toBe(PLATFORM_ROUTES.length);
    for (const method of all) {
      expect(method.Properties?.AuthorizationType).toBe('AWS_IAM');
      expect(method.Properties?.ApiKeyRequired).not.toBe(true);
    }
    iam.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
    iam.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
  });

  it('gives each role tier its own usage plan and key, scaled from the configured throttle and quota', () => {
    apiKey.resourceCountIs('AWS::ApiGateway::ApiKey', 4);
    apiKey.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 4);
    const expected = { ingest: [25, 50, 10000], viewer: [13, 25, 5000], editor: [13, 25, 5000], admin: [5, 10, 2000] };
    for (const [tier, [rate, burst, quota]] of Object.entries(expected)) {
      apiKey.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
        UsagePlanName: `observability-${tier}`,
        Throttle: { RateLimit: rate, BurstLimit: burst },
        Quota: { Limit: quota, Period: 'DAY' },
        ApiStages: [Match.objectLike({ Stage: Match.anyValue() })],
      });
      apiKey.hasResourceProperties('AWS::ApiGateway::ApiKey', { Name: `observability-tier-${tier}`, Value: `observability-usage-tier-${tier}-identifier` });
    }
    // The authorizer names the tier key of each caller.
    apiKey.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ USAGE_KEY_ADMIN: 'observability-usage-tier-admin-identifier', USAGE_KEY_INGEST: 'observability-usage-tier-ingest-identifier' }) } });
    expect(Object.keys(iam.findOutputs('*')).some((id) => id.startsWith('ApiApiKeyId'))).toBe(false);
  });

  it('passes the bootstrap admin key hash setting to the authorizer, and refuses a malformed one', () => {
    const hash = 'a'.repeat(64);
    const withContext = (value: string) => {
      const app = new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
      const config = parsePlatformConfig({ adminApiKeySha256: value });
      const stateful = new StatefulStack(app, 'Stateful', { config });
      return Template.fromStack(new StatelessStack(app, 'Stateless', { config, data: stateful.data }));
    };
    const t = withContext(hash);
    const envs = Object.values(resourcesOf(t, 'AWS::Lambda::Function')).map((f) => JSON.stringify(f.Properties?.Environment ?? {}));
    expect(envs.filter((e) => e.includes(`"ADMIN_API_KEY_SHA256":"${hash}"`))).toHaveLength(3);
    expect(() => withContext('secret-in-clear')).toThrow(/adminApiKeySha256/);
  });

  it('tells api and ingest where identities come from, and api where audit records are copied', () => {
    const fns = Object.values(resourcesOf(apiKey, 'AWS::Lambda::Function')).map((f) => JSON.stringify(f.Properties?.Environment ?? {}));
    expect(fns.filter((e) => e.includes('"AUTH_MODE":"authorizer"'))).toHaveLength(2);
    expect(fns.filter((e) => e.includes('AUDIT_BUCKET'))).toHaveLength(1);
    const iamFns = Object.values(resourcesOf(iam, 'AWS::Lambda::Function')).map((f) => JSON.stringify(f.Properties?.Environment ?? {}));
    expect(iamFns.filter((e) => e.includes('"AUTH_MODE":"iam"') && e.includes('IAM_ROLE_MAP'))).toHaveLength(2);
  });

  it('accepts any binary media type so protobuf and snappy bodies pass through', () => {
    apiKey.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'observability-api', BinaryMediaTypes: ['*/*'] });
  });

  it('throttles, traces and access-logs the stage as JSON', () => {
    apiKey.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: { 'Fn::Join': ['', Match.arrayWith([':log-group:', { Ref: Match.stringLikeRegexp('AccessLogs') }])] },
        Format: Match.stringLikeRegexp('requestId'),
      },
      MethodSettings: [
        Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 25, ThrottlingBurstLimit: 50, LoggingLevel: 'ERROR' }),
      ],
    });
    apiKey.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/apigateway/observability-api/access', RetentionInDays: 30 });
  });

  it('validates request parameters and bodies', () => {
    apiKey.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestParameters: true, ValidateRequestBody: true });
  });

  it('creates the API Gateway CloudWatch role only when asked', () => {
    apiKey.resourceCountIs('AWS::ApiGateway::Account', 1);
    iam.resourceCountIs('AWS::ApiGateway::Account', 0);
  });
});
