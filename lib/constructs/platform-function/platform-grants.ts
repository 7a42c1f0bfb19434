import { Stack, Validations } from 'aws-cdk-lib';
import { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { IStream } from 'aws-cdk-lib/aws-kinesis';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { PlatformFunction } from './platform-function';


/** Where state values too large for an item live: the bucket (by ARN) and the key encrypting it. */
export interface StateValues {
  readonly bucketArn: string;
  readonly key: IKey;
}

/** Key prefix of state values in their bucket (the adapter's default). */
export const STATE_VALUES_PREFIX = 'state-values/';

/**
 * Least-privilege grants for the services whose permissions CDK has no `grant*` method
 * for (Timestream, CloudWatch Logs queries, X-Ray). Statements that must use `*` say why.
 */
export class PlatformGrants {
  /** Lets `fn` run Timestream queries against the given tables only. */
  static timestreamQuery(fn: PlatformFunction, tableArns: string[]): void {
    fn.allow(['timestream:Select', 'timestream:DescribeTable', 'timestream:ListMeasures'], tableArns);
    PlatformGrants.timestreamEndpoints(fn);
  }

  /** Lets `fn` write records into the given Timestream tables only. */
  static timestreamWrite(fn: PlatformFunction, tableArns: string[]): void {
    fn.allow(['timestream:WriteRecords', 'timestream:DescribeTable'], tableArns);
    PlatformGrants.timestreamEndpoints(fn);
  }

  private static timestreamEndpoints(fn: PlatformFunction): void {
    fn.allowOnAnyResource(
      ['timestream:DescribeEndpoints'],
      'Timestream SDK clients discover their cell endpoint first; DescribeEndpoints supports no resource-level permissions.',
    );
  }

  /** Lets `fn` create and write the service log groups under `logGroupPrefix`. */
  static serviceLogsWrite(fn: PlatformFunction, logGroupPrefix: string): void {
    fn.allow(
      ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:PutRetentionPolicy', 'logs:DescribeLogStreams'],
      [PlatformGrants.logGroupsArn(fn, logGroupPrefix)],
    );
    PlatformGrants.suppressPrefix(fn, logGroupPrefix, 'write the log groups of ingested services, which are created at run time');
  }

  /** Lets `fn` search the service log groups under `logGroupPrefix` (Logs Insights and filters). */
  static serviceLogsQuery(fn: PlatformFunction, logGroupPrefix: string): void {
    fn.allow(
      ['logs:StartQuery', 'logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:DescribeLogStreams'],
      [PlatformGrants.logGroupsArn(fn, logGroupPrefix)],
    );
    fn.allowOnAnyResource(
      ['logs:GetQueryResults', 'logs:StopQuery', 'logs:DescribeQueries', 'logs:DescribeLogGroups'],
      'Logs Insights query results and log group listing support no resource-level permissions; the queries themselves are limited to the service log groups.',
    );
    PlatformGrants.suppressPrefix(fn, logGroupPrefix, 'query the log groups of ingested services, which are created at run time');
  }

  /** Lets `fn` read traces and service graphs from X-Ray. */
  static xrayRead(fn: PlatformFunction): void {
    fn.allowOnAnyResource(
      [
        'xray:BatchGetTraces',
        'xray:GetTraceSummaries',
        'xray:GetTraceGraph',
        'xray:GetServiceGraph',
        'xray:GetTraceSegmentDestination',
        'xray:StartTraceRetrieval',
        'xray:ListRetrievedTraces',
      ],
      'X-Ray trace and graph reads support no resource-level permissions.',
    );
  }

  /** Lets `fn` read CloudWatch metrics (the capacity report's AWS resources). */
  static cloudWatchMetricsRead(fn: PlatformFunction): void {
    fn.allowOnAnyResource(['cloudwatch:GetMetricData'], 'CloudWatch GetMetricData supports no resource-level permissions.');
  }

  /** Lets `fn` send segments of ingested spans to X-Ray. */
  static xrayWrite(fn: PlatformFunction): void {
    fn.allowOnAnyResource(['xray:PutTraceSegments'], 'X-Ray PutTraceSegments supports no resource-level permissions.');
  }

  /** Read/write on the state table (items only, no table management). */
  static stateReadWrite(fn: PlatformFunction, table: ITable, values: StateValues): void {
    table.grantReadWriteData(fn.role);
    fn.acknowledgeKeyGrant('read and write items of the KMS-encrypted state table');
    // Values too large for an item live as objects the item points to: written, read and replaced.
    fn.allow(['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], [`${values.bucketArn}/${STATE_VALUES_PREFIX}*`]);
    values.key.grantEncryptDecrypt(fn.role);
    PlatformGrants.acknowledgeStateValues(fn, values.bucketArn);
  }

  /**
   * Lets `fn` read receiver secrets by reference: SSM parameters under `/<prefix>/` and Secrets
   * Manager secrets named `<prefix>/...` (the resolver refuses other names before asking).
   * Values encrypted with the AWS-managed `aws/ssm` and `aws/secretsmanager` keys need no KMS grant;
   * a customer-managed key must allow this role to decrypt through those services.
   */
  static secretRefsRead(fn: PlatformFunction, prefix: string): void {
    const stack = Stack.of(fn);
    const parameters = `arn:${stack.partition}:ssm:${stack.region}:${stack.account}:parameter/${prefix}/*`;
    // Secret ARNs end in a random 6-character suffix: the trailing * covers it.
    const secrets = `arn:${stack.partition}:secretsmanager:${stack.region}:${stack.account}:secret:${prefix}/*`;
    fn.allow(['ssm:GetParameter'], [parameters]);
    fn.allow(['secretsmanager:GetSecretValue'], [secrets]);
    for (const arn of [parameters, secrets]) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${PlatformGrants.nagString(stack.resolve(arn))}]`,
        reason: `Receiver secrets referenced by name under the deployment prefix ${prefix}/ only; the names are chosen by the operator at run time.`,
      });
    }
  }

  private static acknowledgeStateValues(fn: PlatformFunction, bucketArn: string): void {
    const resolved = Stack.of(fn).resolve(bucketArn) as unknown;
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${PlatformGrants.nagString(resolved)}/${STATE_VALUES_PREFIX}*]`,
      reason: 'Objects under state-values/ only: each large state value is an object named by its kind, id and version at run time.',
    });
  }

  /** Lets `fn` append records to telemetry streams. */
  static streamWrite(fn: PlatformFunction, streams: IStream[]): void {
    for (const stream of streams) stream.grantWrite(fn.role);
    fn.acknowledgeKeyGrant('put records on the KMS-encrypted telemetry streams');
  }

  /** Lets `fn` add objects to the archive bucket (no reads, no deletes). */
  static archiveWrite(fn: PlatformFunction, bucketArn: string, key: IKey): void {
    fn.allow(['s3:PutObject'], [`${bucketArn}/*`]);
    key.grantEncrypt(fn.role);
    fn.acknowledgeKeyGrant('write objects to the KMS-encrypted archive bucket');
    PlatformGrants.acknowledgeObjects(fn, bucketArn, 'it writes archive objects under keys chosen at run time (signal/date/...)');
  }

  /** Lets `fn` list and read the archive bucket. */
  static archiveRead(fn: PlatformFunction, bucketArn: string, key: IKey): void {
    fn.allow(['s3:ListBucket'], [bucketArn]);
    fn.allow(['s3:GetObject'], [`${bucketArn}/*`]);
    key.grantDecrypt(fn.role);
    PlatformGrants.acknowledgeObjects(fn, bucketArn, 'it reads archived objects by key');
  }

  private static acknowledgeObjects(fn: PlatformFunction, bucketArn: string, why: string): void {
    const resolved = Stack.of(fn).resolve(bucketArn) as unknown;
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${PlatformGrants.nagString(resolved)}/*]`,
      reason: `Objects of the archive bucket only: ${why}.`,
    });
  }

  /**
   * Renders a resolved value the way cdk-nag names it in IAM5 findings: `<AWS::AccountId>` for
   * pseudo parameters and other refs, `<LogicalId.Attribute>` for `Fn::GetAtt`.
   */
  static nagString(value: unknown): string {
    if (typeof value === 'string') return value;
    const v = value as Record<string, unknown>;
    if (v && 'Ref' in v) return `<${String(v.Ref)}>`;
    if (v && 'Fn::GetAtt' in v) {
      const [id, attribute] = v['Fn::GetAtt'] as [string, string];
      return `<${id}.${attribute}>`;
    }
    if (v && 'Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => PlatformGrants.nagString(p)).join(sep);
    }
    return JSON.stringify(value);
  }

  private static logGroupsArn(fn: PlatformFunction, logGroupPrefix: string): string {
    const stack = Stack.of(fn);
    return `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${logGroupPrefix}*`;
  }

  private static suppressPrefix(fn: PlatformFunction, logGroupPrefix: string, why: string): void {
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:${logGroupPrefix}*]`,
      reason: `Log groups under ${logGroupPrefix} only: ${why}.`,
    });
  }
}
