import { CustomResource, Stack, Validations } from 'aws-cdk-lib';
import { Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnScheduledQuery } from 'aws-cdk-lib/aws-timestream';
import { Construct } from 'constructs';
import { ROLLUP_SCHEDULE, rollupQueryString, rollupTarget } from '../../../lambdas/adapters/aws/timestream-rollup-sql';
import { PlatformGrants } from '../platform-function/platform-grants';
import { acknowledgeTimestreamMaintenance } from './acknowledge-timestream-maintenance';
import { TimestreamRollupsProps } from './timestream-rollups-props';

/**
 * The Timestream scheduled query that writes 5-minute rollups (min, max, sum, count, last per
 * series) of the raw table into the rollup table every hour, with its own execution role:
 * read the raw table, write the rollup table, report errors to the bucket prefix and notify
 * the topic, nothing else. SQL, schedule and target mapping come from timestream-rollup-sql.ts,
 * which the adapter shares.
 */
export class TimestreamRollups extends Construct {
  /** The scheduled query. */
  readonly scheduledQuery: CfnScheduledQuery;
  /** The role Timestream assumes to run it. */
  readonly role: Role;
  /** The role's permissions (the scheduled query depends on it). */
  readonly policy: Policy;
  /** The custom resource that writes one sample before the scheduled query is created (the query depends on it). */
  readonly seed: CustomResource;

  constructor(scope: Construct, id: string, props: TimestreamRollupsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { store, encryptionKey, errorReportBucket: bucket, notificationTopic: topic } = props;
    const prefix = props.errorReportPrefix ?? 'timestream-scheduled-query-errors/';
    const name = props.scheduledQueryName;
    if (!/^[a-zA-Z0-9|!\-_*'()][a-zA-Z0-9!\-_*'()/.]{1,63}$/.test(name)) {
      throw new Error(`Invalid scheduled query name ${JSON.stringify(name)}: 2-64 characters, A-Za-z0-9!-_*'() and | first, / and . after`);
    }

    // Confused-deputy guard from the Timestream guide: only this account's scheduled query of this name.
    this.role = new Role(this, 'ExecutionRole', {
      assumedBy: new ServicePrincipal('timestream.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:timestream:${stack.region}:${stack.account}:scheduled-query/${name}*` },
        },
      }),
      description: `Runs the Timestream scheduled query ${name} (5-minute metric rollups)`,
    });
    const keyArns = [encryptionKey.keyArn, ...(topic.masterKey ? [topic.masterKey.keyArn] : [])];
    this.policy = new Policy(this, 'ExecutionPolicy', {
      roles: [this.role],
      statements: [
        new PolicyStatement({ actions: ['timestream:Select'], resources: [store.table.attrArn] }),
        new PolicyStatement({ actions: ['timestream:WriteRecords'], resources: [store.rollupTable.attrArn] }),
        new PolicyStatement({ actions: ['timestream:DescribeEndpoints'], resources: ['*'] }),
        new PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
        new PolicyStatement({ actions: ['s3:GetBucketAcl'], resources: [bucket.bucketArn] }),
        new PolicyStatement({ actions: ['s3:PutObject'], resources: [`${bucket.bucketArn}/${prefix}*`] }),
        // The database key decrypts the raw table and encrypts the query and its SSE-KMS reports;
        // the topic's key is needed to publish to an encrypted topic.
        new PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: keyArns }),
      ],
    });
    Validations.of(this.policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'timestream:DescribeEndpoints: Timestream discovers its cell endpoint first; DescribeEndpoints supports no resource-level permissions.',
    });
    Validations.of(this.policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${PlatformGrants.nagString(stack.resolve(bucket.bucketArn))}/${prefix}*]`,
      reason: `Error reports of the scheduled query only, under ${prefix}: Timestream names each report object at run time.`,
    });

    // References (not literal names) so CloudFormation creates the database and tables first.
    const queryString = rollupQueryString(store.database.ref, store.table.attrName);
    // Runs again whenever the query changes, so a replaced query also finds its columns.
    this.seed = new CustomResource(this, 'SourceColumnsSeed', {
      serviceToken: props.seedFunction.fn.functionArn,
      resourceType: 'Custom::TimestreamRollupSeed',
      properties: { RawTable: store.table.attrName, SeriesTable: store.seriesTable.attrName, QueryString: queryString },
    });
    // The function's role policy (write to the raw and series tables) must exist before it runs.
    this.seed.node.addDependency(props.seedFunction);

    this.scheduledQuery = new CfnScheduledQuery(this, 'ScheduledQuery', {
      scheduledQueryName: name,
      queryString,
      scheduleConfiguration: { scheduleExpression: ROLLUP_SCHEDULE.expression },
      targetConfiguration: { timestreamConfiguration: rollupTarget(store.database.ref, store.rollupTable.attrName) },
      scheduledQueryExecutionRoleArn: this.role.roleArn,
      kmsKeyId: encryptionKey.keyArn,
      errorReportConfiguration: { s3Configuration: { bucketName: bucket.bucketName, objectKeyPrefix: prefix, encryptionOption: 'SSE_KMS' } },
      notificationConfiguration: { snsConfiguration: { topicArn: topic.topicArn } },
    });
    // Timestream validates the role when the query is created and runs it on schedule: the policy must exist first.
    this.scheduledQuery.node.addDependency(this.policy, this.seed);
    acknowledgeTimestreamMaintenance(this.scheduledQuery);
  }
}
