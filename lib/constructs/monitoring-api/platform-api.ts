import { Acknowledgment, CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKeySourceType,
  AuthorizationType,
  IdentitySource,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  MethodOptions,
  Period,
  RequestAuthorizer,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PlatformApiProps } from './platform-api-props';
import { PLATFORM_ROUTES } from './platform-routes';
import { ROLE_TIERS, TIER_SHARE, tierUsageKey } from './role-tiers';

/**
 * The REST API in front of `ingest` (write paths in their upstream formats) and `api`
 * (queries, Prometheus and Jaeger read paths, health). Every method requires an API key or
 * SigV4; the stage is throttled, traced and access-logged as JSON.
 */
export class PlatformApi extends Construct {
  /** The REST API. */
  readonly restApi: RestApi;
  /** The access log group. */
  readonly accessLogs: LogGroup;
  /** The API name as a plain string (the `ApiName` metric dimension). */
  readonly apiName: string;
  /** The stage name as a plain string (the `Stage` metric dimension). */
  readonly stageName: string;

  constructor(scope: Construct, id: string, props: PlatformApiProps) {
    super(scope, id);
    const authMode = props.authMode ?? 'apiKey';
    const rateLimit = props.throttleRateLimit ?? 100;
    const burstLimit = props.throttleBurstLimit ?? 200;
    const cloudWatchRole = props.cloudWatchRole ?? true;
    this.apiName = `${props.prefix}-api`;
    this.stageName = props.stageName ?? 'prod';

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${props.prefix}-api/access`,
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.restApi = new RestApi(this, 'Api', {
      restApiName: this.apiName,
      description: 'Telemetry ingest and query API of the observability platform',
      endpointTypes: [EndpointType.REGIONAL],
      // Remote write (snappy protobuf) and OTLP protobuf bodies must reach the functions
      // unchanged; they arrive base64-encoded with isBase64Encoded set.
      binaryMediaTypes: ['*/*'],
      // Behind the authorizer, the usage plan key comes from its answer (the caller's role tier).
      ...(authMode === 'apiKey' && props.authorizer && { apiKeySourceType: ApiKeySourceType.AUTHORIZER }),
      // API Gateway logs through one role per account and region; other stacks in the account
      // may rely on it, so it outlives this stack.
      cloudWatchRole,
      cloudWatchRoleRemovalPolicy: cloudWatchRole ? RemovalPolicy.RETAIN : undefined,
      deployOptions: {
        stageName: this.stageName,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: rateLimit,
        throttlingBurstLimit: burstLimit,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
      },
    });
    const validator = this.restApi.addRequestValidator('Validator', {
      requestValidatorName: 'parameters-and-body',
      // Body validation applies only to methods with a request model; the proxy routes have
      // none, so payloads (often binary) still reach the functions untouched.
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const authorizer =
      authMode === 'apiKey' && props.authorizer
        ? new RequestAuthorizer(this, 'KeyAuthorizer', {
            authorizerName: `${props.prefix}-keys`,
            handler: props.authorizer,
            // Decisions are cached per key; the functions check the role per path on the context.
            identitySources: [IdentitySource.header('x-api-key')],
            resultsCacheTtl: props.authorizerCacheTtl ?? Duration.seconds(60),
          })
        : undefined;
    const methodOptions: MethodOptions =
      authMode === 'iam'
        ? { authorizationType: AuthorizationType.IAM, requestValidator: validator }
        : authorizer
          ? { authorizationType: AuthorizationType.CUSTOM, authorizer, apiKeyRequired: true, requestValidator: validator }
          : { apiKeyRequired: true, requestValidator: validator };
    // Probes stay public behind the authorizer (load balancers and uptime checks carry no key).
    const probeOptions: MethodOptions = { authorizationType: AuthorizationType.NONE, requestValidator: validator };
    const PROBES = ['/health', '/ready', '/live'];

    const integrations = {
      ingest: new LambdaIntegration(props.ingest, { allowTestInvoke: false }),
      api: new LambdaIntegration(props.api, { allowTestInvoke: false }),
    };
    for (const route of PLATFORM_ROUTES) {
      const probe = authorizer !== undefined && PROBES.includes(route.path);
      const method = this.restApi.root.resourceForPath(route.path).addMethod(route.method, integrations[route.target], probe ? probeOptions : methodOptions);
      Validations.of(method).acknowledge(...this.authAcknowledgments(authMode, probe));
    }

    if (authorizer) {
      // One usage plan per role tier; the authorizer names the tier's key for each caller.
      for (const tier of ROLE_TIERS) {
        const share = TIER_SHARE[tier];
        const plan = this.restApi.addUsagePlan(`UsagePlan-${tier}`, {
          name: `${props.prefix}-${tier}`,
          throttle: { rateLimit: Math.max(1, Math.round(rateLimit * share)), burstLimit: Math.max(1, Math.round(burstLimit * share)) },
          quota: { limit: Math.max(1, Math.round((props.quotaPerDay ?? 1_000_000) * share)), period: Period.DAY },
          apiStages: [{ api: this.restApi, stage: this.restApi.deploymentStage }],
        });
        plan.addApiKey(this.restApi.addApiKey(`TierKey-${tier}`, { apiKeyName: `${props.prefix}-tier-${tier}`, value: tierUsageKey(props.prefix, tier) }));
      }
    } else if (authMode === 'apiKey') {
      const plan = this.restApi.addUsagePlan('UsagePlan', {
        name: `${props.prefix}-default`,
        throttle: { rateLimit, burstLimit },
        quota: { limit: props.quotaPerDay ?? 1_000_000, period: Period.DAY },
        apiStages: [{ api: this.restApi, stage: this.restApi.deploymentStage }],
      });
      const key = this.restApi.addApiKey('ApiKey', { apiKeyName: `${props.prefix}-default` });
      plan.addApiKey(key);
      new CfnOutput(this, 'ApiKeyId', {
        description: 'Read the key with: aws apigateway get-api-key --include-value --api-key <id>',
        value: key.keyId,
      });
    }

    Validations.of(this.restApi.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason: 'No WAF web ACL by default: every method requires an API key or SigV4, and the stage and usage plan throttle callers; attach a web ACL per deployment if the API is exposed to untrusted networks.',
    });
    const accountRole = this.restApi.node.tryFindChild('CloudWatchRole');
    if (accountRole) {
      Validations.of(accountRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason: 'AmazonAPIGatewayPushToCloudWatchLogs is the AWS-maintained policy API Gateway needs to write execution and access logs.',
      });
    }
  }

  private authAcknowledgments(authMode: 'apiKey' | 'iam', probe = false): Acknowledgment[] {
    const cognito = {
      id: 'AwsSolutions-COG4',
      reason: 'Callers are machines (exporters, agents, Grafana), authenticated by API key or SigV4 rather than Cognito user pools.',
    };
    if (probe) {
      return [cognito, { id: 'AwsSolutions-APIG4', reason: 'Health, readiness and liveness probes are public on purpose: they reveal only up/down and are what load balancers and uptime checks call without credentials.' }];
    }
    if (authMode === 'iam') return [cognito];
    return [
      cognito,
      {
        id: 'AwsSolutions-APIG4',
        reason: 'apiAuth=apiKey: every method requires an API key bound to a throttled usage plan, which is what Prometheus, OTLP and Loki clients can send; choose apiAuth=iam for SigV4 authorization.',
      },
    ];
  }
}
