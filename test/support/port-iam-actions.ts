import type { Template } from 'aws-cdk-lib/assertions';
import type { RecordedPort } from './recording-ports';

/**
 * The IAM actions each port method's AWS adapter sends, with the default metric store
 * (Timestream), read from lambdas/adapters/aws/*: the API calls the method can make on its
 * normal path. Left out: KMS (the grants of the encrypted table and streams cover it), the
 * state values bucket (only values too large for an item go to S3) and Timestream's
 * DescribeEndpoints (granted with every Timestream grant).
 */
export const PORT_IAM_ACTIONS: Readonly<Record<RecordedPort, Readonly<Record<string, readonly string[]>>>> = {
  metrics: {
    // TimestreamMetricStore: WriteRecords into the raw and series tables; reads are SELECT (and DESCRIBE) queries.
    write: ['timestream:WriteRecords'],
    select: ['timestream:Select'],
    findSeries: ['timestream:Select'],
    labelNames: ['timestream:Select'],
    labelValues: ['timestream:Select'],
    selectColumns: ['timestream:Select'],
    ping: ['timestream:DescribeTable'],
  },
  logs: {
    // CloudWatchLogStore: groups and streams are created on first write; reads list the groups unless a service names one.
    append: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    query: ['logs:DescribeLogGroups', 'logs:FilterLogEvents'],
    search: ['logs:DescribeLogGroups', 'logs:StartQuery', 'logs:GetQueryResults', 'logs:StopQuery'],
    aggregate: ['logs:DescribeLogGroups', 'logs:StartQuery', 'logs:GetQueryResults', 'logs:StopQuery'],
    streams: ['logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
    ping: ['logs:DescribeLogGroups'],
  },
  traces: {
    putSpans: ['xray:PutTraceSegments'],
    getTrace: ['xray:BatchGetTraces'],
    searchTraces: ['xray:GetTraceSummaries', 'xray:BatchGetTraces'],
    services: ['xray:GetServiceGraph'],
    ping: ['xray:GetTraceSummaries'],
  },
  state: {
    // DynamoDbStateStore: an unconditional put reads the live version first (GetItem), then writes conditionally.
    get: ['dynamodb:GetItem'],
    list: ['dynamodb:Query'],
    put: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    delete: ['dynamodb:DeleteItem'],
    ping: ['dynamodb:DescribeTable'],
  },
  notifier: { notify: ['sns:Publish'] },
  stream: { put: ['kinesis:PutRecords'], ping: ['kinesis:DescribeStreamSummary'] },
};

/**
 * The metrics port's actions with `metricStore=prometheus` (AmpMetricStore): remote_write, and
 * the Prometheus HTTP API (`/api/v1/query`, `/series`, `/labels`); the engine's column reads
 * (an embedded-store fast path) are PromQL queries on AMP.
 */
export const AMP_METRIC_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  write: ['aps:RemoteWrite'],
  select: ['aps:QueryMetrics'],
  selectColumns: ['aps:QueryMetrics'],
  findSeries: ['aps:GetSeries'],
  labelNames: ['aps:GetLabels'],
  labelValues: ['aps:GetLabels'],
  ping: ['aps:GetLabels'],
};

/** {@link PORT_IAM_ACTIONS} for the chosen metric store. */
export function portIamActions(metricStore: 'timestream' | 'prometheus'): Readonly<Record<RecordedPort, Readonly<Record<string, readonly string[]>>>> {
  return metricStore === 'timestream' ? PORT_IAM_ACTIONS : { ...PORT_IAM_ACTIONS, metrics: AMP_METRIC_ACTIONS };
}

/** Whether the template has a function named `functionName`. */
export function hasFunction(template: Template, functionName: string): boolean {
  return Object.values(template.findResources('AWS::Lambda::Function') as Record<string, Resource>).some((f) => f.Properties?.FunctionName === functionName);
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
type Resource = { Properties?: Record<string, unknown> };

/**
 * Every action the execution role of the function named `functionName` is allowed in
 * `template` (its `AWS::IAM::Policy` resources and inline role policies), with the resources of each.
 */
export function roleActions(template: Template, functionName: string): Map<string, unknown[]> {
  const functions = Object.values(template.findResources('AWS::Lambda::Function') as Record<string, Resource>);
  const fn = functions.find((f) => f.Properties?.FunctionName === functionName);
  if (!fn) throw new Error(`no function named ${functionName} in the template`);
  const roleId = (fn.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const documents: { Statement: Statement[] }[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)) {
    const roles = (policy.Properties?.Roles as { Ref?: string }[] | undefined) ?? [];
    if (roles.some((r) => r.Ref === roleId)) documents.push(policy.Properties?.PolicyDocument as { Statement: Statement[] });
  }
  const role = (template.findResources('AWS::IAM::Role') as Record<string, Resource>)[roleId];
  for (const inline of (role?.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []) documents.push(inline.PolicyDocument);
  const actions = new Map<string, unknown[]>();
  for (const document of documents) {
    for (const statement of document.Statement) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of ([] as string[]).concat(statement.Action)) {
        actions.set(action, [...(actions.get(action) ?? []), ...([] as unknown[]).concat(statement.Resource)]);
      }
    }
  }
  return actions;
}

/** Whether `action` is allowed by one of `granted` (IAM action patterns: `*` and `?` wildcards, case-insensitive). */
export function isGranted(action: string, granted: Iterable<string>): boolean {
  for (const pattern of granted) {
    const re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'i');
    if (re.test(action)) return true;
  }
  return false;
}
