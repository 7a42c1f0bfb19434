import { Match, Template } from 'aws-cdk-lib/assertions';
import { PLATFORM_ROUTES } from '../../../../lib/constructs/monitoring-api/platform-routes';
import { resourcesOf, synthPlatform } from '../../platform-fixture';

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

  it('requires an API key on every method in apiKey mode', () => {
    const all = Object.values(resourcesOf(apiKey, 'AWS::ApiGateway::Method')).filter((m) => m.Properties?.HttpMethod !== 'OPTIONS');
    expect(all.length).toBe(PLATFORM_ROUTES.length);
    for (const method of all) {
      expect(method.Properties).toMatchObject({ ApiKeyRequired: true, RequestValidatorId: expect.anything() });
    }
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

  it('binds one API key to a usage plan with the configured throttle and daily quota', () => {
    apiKey.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    apiKey.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 25, BurstLimit: 50 },
      Quota: { Limit: 10000, Period: 'DAY' },
      ApiStages: [Match.objectLike({ Stage: Match.anyValue() })],
    });
    apiKey.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
    expect(Object.keys(apiKey.findOutputs('*')).some((id) => id.startsWith('ApiApiKeyId'))).toBe(true);
    expect(Object.keys(iam.findOutputs('*')).some((id) => id.startsWith('ApiApiKeyId'))).toBe(false);
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
