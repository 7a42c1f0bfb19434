import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { TelemetryStreams } from '../../../lib/constructs/telemetry-streams/telemetry-streams';
import { PlatformFixture, resourcesOf, synthPlatform } from '../platform-fixture';

describe('StatefulStack', () => {
  let defaults: PlatformFixture;
  let custom: PlatformFixture;
  let template: Template;

  beforeAll(() => {
    defaults = synthPlatform();
    template = defaults.statefulTemplate;
    custom = synthPlatform({
      prefix: 'obs-dev',
      retainData: 'false',
      memoryStoreRetentionHours: '12',
      metricRawRetentionDays: '30',
      metricRollupRetentionDays: '400',
      archiveInfrequentAccessDays: '60',
      archiveGlacierDays: '180',
      archiveExpirationDays: '400',
      kinesisMode: 'onDemand',
      alarmEmail: 'oncall@example.com',
    });
  });

  describe('Kinesis streams', () => {
    it('creates metrics, logs and traces, each encrypted with the platform key', () => {
      template.resourceCountIs('AWS::Kinesis::Stream', 3);
      const dataKey = defaults.stateful.getLogicalId(defaults.stateful.data.dataKey.node.defaultChild as never);
      for (const signal of ['metrics', 'logs', 'traces']) {
        template.hasResourceProperties('AWS::Kinesis::Stream', {
          Name: `observability-${signal}`,
          ShardCount: 1,
          StreamEncryption: { EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': [dataKey, 'Arn'] } },
        });
      }
    });

    it('uses the configured shard count in provisioned mode', () => {
      const stack = new Stack(new App(), 'Streams');
      new TelemetryStreams(stack, 'S', { prefix: 'obs', encryptionKey: new Key(stack, 'K'), shardCount: 3 });
      const t = Template.fromStack(stack);
      t.resourceCountIs('AWS::Kinesis::Stream', 3);
      t.allResourcesProperties('AWS::Kinesis::Stream', { ShardCount: 3, StreamModeDetails: { StreamMode: 'PROVISIONED' } });
    });

    it('switches to on-demand capacity without a shard count', () => {
      const streams = Object.values(resourcesOf(custom.statefulTemplate, 'AWS::Kinesis::Stream'));
      expect(streams).toHaveLength(3);
      for (const stream of streams) {
        expect(stream.Properties?.StreamModeDetails).toEqual({ StreamMode: 'ON_DEMAND' });
        expect(stream.Properties?.ShardCount).toBeUndefined();
        expect(stream.Properties?.StreamEncryption).toMatchObject({ EncryptionType: 'KMS' });
      }
    });
  });

  describe('log subscriptions', () => {
    it('gives CloudWatch Logs of this account a role that can only write the logs stream', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({
              Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
              Condition: { StringLike: { 'aws:SourceArn': Match.anyValue() } },
            }),
          ],
        },
      });
      // The other policies are the rollup scheduled query's and its seed function's (test/lib/constructs/metric-store/timestream-rollups.test.ts).
      const policies = Object.entries(resourcesOf(template, 'AWS::IAM::Policy')).filter(([id]) => id.startsWith('LogSubscription')).map(([, p]) => p);
      expect(Object.keys(resourcesOf(template, 'AWS::IAM::Policy')).sort()).toEqual([
        expect.stringMatching(/^LogSubscription/),
        expect.stringMatching(/^MetricRollupsExecutionPolicy/),
        expect.stringMatching(/^MetricStoreSeedRole/),
      ]);
      expect(policies).toHaveLength(1);
      const statements = (policies[0].Properties?.PolicyDocument as { Statement: { Action: string[]; Resource: unknown }[] }).Statement;
      const kinesis = statements.find((st) => JSON.stringify(st.Action).includes('kinesis:'));
      expect(kinesis?.Action).toEqual(expect.arrayContaining(['kinesis:PutRecord', 'kinesis:PutRecords']));
      expect(kinesis?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Streamslogs/), 'Arn'] });
      template.hasOutput('LogsStreamArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Streamslogs'), 'Arn'] } });
      template.hasOutput('LogsSubscriptionRoleArn', Match.anyValue());
    });
  });

  describe('KMS keys', () => {
    it('rotates both keys', () => {
      template.resourceCountIs('AWS::KMS::Key', 2);
      template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    });
  });

  describe('Timestream', () => {
    const tables = (t: Template) =>
      Object.fromEntries(Object.values(resourcesOf(t, 'AWS::Timestream::Table')).map((r) => [r.Properties?.TableName as string, r.Properties]));

    it('encrypts the database with the platform key', () => {
      template.resourceCountIs('AWS::Timestream::Database', 1);
      template.hasResourceProperties('AWS::Timestream::Database', {
        DatabaseName: 'observability',
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysDataKey'), 'Arn'] },
      });
    });

    it('creates the raw, series and rollup tables in it, with the default retention and magnetic writes', () => {
      const byName = tables(template);
      expect(Object.keys(byName).sort()).toEqual(['metric_series', 'metrics', 'metrics_5m']);
      const magneticDays = { metrics: '90', metric_series: '730', metrics_5m: '730' };
      for (const [name, days] of Object.entries(magneticDays)) {
        expect([name, byName[name]]).toEqual([
          name,
          {
            DatabaseName: { Ref: expect.stringMatching(/^MetricStoreDatabase/) },
            TableName: name,
            RetentionProperties: { MemoryStoreRetentionPeriodInHours: '24', MagneticStoreRetentionPeriodInDays: days },
            MagneticStoreWriteProperties: { EnableMagneticStoreWrites: true },
          },
        ]);
      }
    });

    it('takes retention from config, with CloudFormation key names and string values', () => {
      const byName = tables(custom.statefulTemplate);
      expect(byName.metrics?.RetentionProperties).toEqual({ MemoryStoreRetentionPeriodInHours: '12', MagneticStoreRetentionPeriodInDays: '30' });
      expect(byName.metric_series?.RetentionProperties).toEqual({ MemoryStoreRetentionPeriodInHours: '12', MagneticStoreRetentionPeriodInDays: '400' });
      expect(byName.metrics_5m?.RetentionProperties).toEqual({ MemoryStoreRetentionPeriodInHours: '12', MagneticStoreRetentionPeriodInDays: '400' });
    });

    it('runs one rollup scheduled query, named after the prefix', () => {
      template.resourceCountIs('AWS::Timestream::ScheduledQuery', 1);
      template.hasResourceProperties('AWS::Timestream::ScheduledQuery', { ScheduledQueryName: 'observability-metrics-5m-rollup' });
      custom.statefulTemplate.hasResourceProperties('AWS::Timestream::ScheduledQuery', { ScheduledQueryName: 'obs-dev-metrics-5m-rollup' });
    });

    it('refuses the renamed magneticStoreRetentionDays and rollups kept shorter than raw samples', () => {
      expect(() => synthPlatform({ magneticStoreRetentionDays: '90' })).toThrow(/magneticStoreRetentionDays was renamed to metricRawRetentionDays/);
      expect(() => synthPlatform({ metricRawRetentionDays: '100', metricRollupRetentionDays: '99' })).toThrow(/metricRollupRetentionDays=99/);
    });
  });

  describe('state table', () => {
    it('has pk/sk string keys, on-demand billing, PITR, customer-managed KMS and TTL on expiresAt', () => {
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        TableName: 'observability-state',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ]),
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        DeletionProtectionEnabled: true,
      });
    });

    it('has a values bucket for items too large for DynamoDB: KMS, private, TLS-only, logged, and no expiry of live objects', () => {
      const [bucket] = Object.values(resourcesOf(template, 'AWS::S3::Bucket')).filter((b) => JSON.stringify(b.Properties?.BucketName).includes('observability-state-'));
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { LogFilePrefix: 'state-values/' },
        LifecycleConfiguration: { Rules: [{ Id: 'incomplete-uploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }] },
      });
      // A pointed-to object is live however old it is: nothing may expire or transition it.
      expect(JSON.stringify(bucket.Properties?.LifecycleConfiguration)).not.toMatch(/Expiration|Transition/);
    });
  });

  describe('archive bucket', () => {
    const archive = (t: Template) =>
      Object.values(resourcesOf(t, 'AWS::S3::Bucket')).find((b) => b.Properties?.LoggingConfiguration !== undefined);

    it('tiers objects by age with the default days', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              Status: 'Enabled',
              Transitions: [
                { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
                { StorageClass: 'GLACIER', TransitionInDays: 90 },
              ],
              ExpirationInDays: 365,
            }),
          ]),
        },
      });
    });

    it('tiers objects by the configured days', () => {
      const rules = (archive(custom.statefulTemplate)?.Properties?.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
      expect(rules[0]).toMatchObject({
        Transitions: [
          { StorageClass: 'STANDARD_IA', TransitionInDays: 60 },
          { StorageClass: 'GLACIER', TransitionInDays: 180 },
        ],
        ExpirationInDays: 400,
      });
    });

    it('blocks public access, versions, encrypts with KMS and logs access to a separate bucket', () => {
      const bucket = archive(template);
      expect(bucket?.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: expect.anything() }, BucketKeyEnabled: true },
          ],
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/AccessLogs/) }, LogFilePrefix: 'archive/' },
      });
      // The archive, its access-log bucket, the audit trail's Object Lock bucket (test/lib/constructs/monitoring-api/audit-archive.test.ts)
      // and the state values bucket (below).
      template.resourceCountIs('AWS::S3::Bucket', 4);
    });

    it('denies every non-TLS request to every bucket', () => {
      const policies = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy'));
      expect(policies).toHaveLength(4);
      for (const policy of policies) {
        expect((policy.Properties?.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
          expect.objectContaining({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        );
      }
    });
  });

  describe('alert topics', () => {
    it('creates critical, warning and info topics encrypted with the alerts key', () => {
      template.resourceCountIs('AWS::SNS::Topic', 3);
      for (const severity of ['critical', 'warning', 'info']) {
        template.hasResourceProperties('AWS::SNS::Topic', {
          TopicName: `observability-${severity}`,
          KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlertsKey'), 'Arn'] },
        });
      }
    });

    it('lets CloudWatch alarms use the alerts key', () => {
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: Match.arrayWith(['kms:Decrypt', 'kms:GenerateDataKey*']),
            }),
          ]),
        },
      });
    });

    it('enforces TLS on every topic and lets only this account\'s alarms publish as CloudWatch', () => {
      const policies = Object.values(resourcesOf(template, 'AWS::SNS::TopicPolicy'));
      expect(policies).toHaveLength(3);
      for (const policy of policies) {
        const statements = (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
        expect(JSON.stringify(statements)).toContain('"aws:SecureTransport":"false"');
        expect(statements).toContainEqual(
          expect.objectContaining({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        );
      }
    });

    it('subscribes the alarm e-mail to the critical topic only when set', () => {
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      custom.statefulTemplate.resourceCountIs('AWS::SNS::Subscription', 1);
      custom.statefulTemplate.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'oncall@example.com',
        TopicArn: { Ref: Match.stringLikeRegexp('Alertscritical') },
      });
    });
  });

  describe('retention on stack deletion', () => {
    const stateful = [
      'AWS::KMS::Key',
      'AWS::Kinesis::Stream',
      'AWS::Timestream::Database',
      'AWS::Timestream::Table',
      'AWS::DynamoDB::Table',
      'AWS::S3::Bucket',
      'AWS::SNS::Topic',
    ];

    it('retains every stateful resource by default', () => {
      for (const type of stateful) {
        const resources = Object.values(resourcesOf(template, type));
        expect(resources.length).toBeGreaterThan(0);
        for (const resource of resources) {
          expect([type, resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual([type, 'Retain', 'Retain']);
        }
      }
      template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    });

    it('destroys them, emptying the buckets, with retainData=false', () => {
      const t = custom.statefulTemplate;
      for (const type of stateful) {
        for (const [id, resource] of Object.entries(resourcesOf(t, type))) {
          // Object Lock: locked audit records cannot be deleted, so that bucket is always retained.
          if (id.startsWith('AuditBucket')) continue;
          expect([type, resource.DeletionPolicy]).toEqual([type, 'Delete']);
        }
      }
      t.resourceCountIs('Custom::S3AutoDeleteObjects', 3);
      t.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
    });
  });

  it('refuses bad settings before creating anything', () => {
    expect(() => synthPlatform({ memoryStoreRetentionHours: '9000' })).toThrow(/memoryStoreRetentionHours="9000"/);
  });
});
