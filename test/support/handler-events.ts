import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent, CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { proxyEventFromHttp } from '../../lambdas/local/http-to-event';
import { encodeRemoteWrite, type RemoteWriteMetadata } from '../../lambdas/core/metrics/remote-write-codec';
import type { Series } from '../../lambdas/core/domain/series';
import { ProtobufWriter } from '../../lambdas/core/wire/protobuf-writer';
import { snappyCompress } from '../../lambdas/core/wire/snappy';

/** The Lambda context of `fn`. */
export function lambdaContext(fn: string): Context {
  return { awsRequestId: `req-${fn}`, functionName: `observability-${fn}` } as Context;
}

/** What API Gateway passes for a caller the authorizer allowed (strings only). */
export type AuthorizerContext = Readonly<Record<string, string>>;

/**
 * An API Gateway REST proxy event as the deployed API sends it: `requestContext.authorizer`
 * filled by the Lambda authorizer, a SigV4-less identity with a source IP.
 */
export function proxyEvent(method: string, url: string, init: { body?: unknown; headers?: Record<string, string>; authorizer?: AuthorizerContext } = {}): APIGatewayProxyEvent {
  const json = init.body !== undefined && !Buffer.isBuffer(init.body);
  const headers: Record<string, string> = { ...(json && { 'Content-Type': 'application/json' }), ...init.headers };
  const body = init.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(init.body) ? init.body : Buffer.from(JSON.stringify(init.body));
  const event = proxyEventFromHttp({ method, url, rawHeaders: Object.entries(headers).flat() }, body, `req-${method}-${url}`);
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: init.authorizer ?? null,
      identity: { ...event.requestContext.identity, sourceIp: '198.51.100.7' },
    },
  } as APIGatewayProxyEvent;
}

/** The event EventBridge Scheduler delivers to a scheduled job. */
export function scheduledEvent(now: number) {
  return { version: '0', id: 'schedule', 'detail-type': 'Scheduled Event', source: 'aws.scheduler', time: new Date(now).toISOString(), resources: [] };
}

/** A REQUEST authorizer event presenting `key` in `x-api-key`. */
export function authorizerEvent(key: string): APIGatewayRequestAuthorizerEvent {
  const methodArn = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/monitoring/logs';
  return { type: 'REQUEST', methodArn, headers: { 'x-api-key': key } } as unknown as APIGatewayRequestAuthorizerEvent;
}

/** A CloudFormation Create event whose answer goes to `responseUrl` (a pre-signed S3 URL on AWS). */
export function customResourceCreate(responseUrl: string): CloudFormationCustomResourceEvent {
  return {
    RequestType: 'Create',
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:observability-metric-store-seed',
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/ObservabilityData/0a1b',
    RequestId: 'req-seed',
    LogicalResourceId: 'MetricRollupsSourceColumnsSeed',
    ResourceType: 'Custom::TimestreamRollupSeed',
    ResourceProperties: { ServiceToken: 'x' },
  };
}

/** A Prometheus remote write 1.0 body (snappy protobuf) and its headers. */
export function remoteWriteBody(series: readonly Series[], metadata: readonly RemoteWriteMetadata[]): { body: Buffer; headers: Record<string, string> } {
  return {
    body: Buffer.from(snappyCompress(encodeRemoteWrite(series, metadata))),
    headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' },
  };
}

/** A Loki push body (snappy protobuf) of `lines` for one stream of `service`, one second apart from `startSec`. */
export function lokiPushBody(service: string, lines: readonly string[], startSec: number): { body: Buffer; headers: Record<string, string> } {
  const w = new ProtobufWriter();
  w.message(1, (s) => {
    s.string(1, `{service_name="${service}", env="prod"}`);
    lines.forEach((l, i) => s.message(2, (e) => e.message(1, (ts) => ts.int64(1, startSec + i).int64(2, 0)).string(2, l)));
  });
  return { body: Buffer.from(snappyCompress(w.finish())), headers: { 'Content-Type': 'application/x-protobuf' } };
}

const attributes = (values: Record<string, string>) => Object.entries(values).map(([key, v]) => ({ key, value: { stringValue: v } }));
const nanos = (ms: number) => String(BigInt(ms) * 1_000_000n);

/** OTLP/JSON metrics: one gauge of `service` at `at` (ms). */
export function otlpMetrics(service: string, name: string, value: number, at: number) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: attributes({ 'service.name': service }) },
        scopeMetrics: [{ metrics: [{ name, unit: 's', gauge: { dataPoints: [{ timeUnixNano: nanos(at), asDouble: value, attributes: attributes({ route: '/a' }) }] } }] }],
      },
    ],
  };
}

/** OTLP/JSON logs: `lines` of `service`, one millisecond apart from `at`. */
export function otlpLogs(service: string, lines: readonly string[], at: number) {
  const logRecords = lines.map((l, i) => ({ timeUnixNano: nanos(at + i), severityNumber: 17, severityText: 'ERROR', body: { stringValue: l } }));
  return { resourceLogs: [{ resource: { attributes: attributes({ 'service.name': service }) }, scopeLogs: [{ scope: { name: 'app' }, logRecords }] }] };
}

/** OTLP/JSON traces: a server span of `web` calling an erroring server span of `db`, starting at `at` (ms). */
export function otlpTraces(traceId: string, at: number) {
  const span = (service: string, spanId: string, parentSpanId: string | undefined, error: boolean) => ({
    resource: { attributes: attributes({ 'service.name': service }) },
    scopeSpans: [
      {
        spans: [
          {
            traceId,
            spanId,
            ...(parentSpanId && { parentSpanId }),
            name: `${service} request`,
            kind: 2,
            startTimeUnixNano: nanos(at),
            endTimeUnixNano: nanos(at + 40),
            status: { code: error ? 2 : 1 },
          },
        ],
      },
    ],
  });
  return { resourceSpans: [span('web', 'a'.repeat(16), undefined, false), span('db', 'b'.repeat(16), 'a'.repeat(16), true)] };
}

/** Zipkin v2 JSON: one server span of `checkout` at `at` (ms). */
export function zipkinSpans(at: number) {
  return [{ traceId: 'c'.repeat(32), id: 'd'.repeat(16), name: 'get /cart', kind: 'SERVER', timestamp: at * 1000, duration: 12_000, localEndpoint: { serviceName: 'checkout' } }];
}
