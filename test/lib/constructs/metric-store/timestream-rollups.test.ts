import { App, Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Code, Function as LambdaFunction, IFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { ROLLUP_ATTRIBUTES, ROLLUP_SCHEDULE, rollupQueryString } from '../../../../lambdas/adapters/aws/timestream-rollup-sql';
import { TimestreamMetricStore } from '../../../../lib/constructs/metric-store/timestream-metric-store';
import { TimestreamRollups } from '../../../../lib/constructs/metric-store/timestream-rollups';
import { PlatformFixture, resourcesOf, synthPlatform } from '../../platform-fixture';

type Resource = { Properties?: Record<string, unknown>; DependsOn?: string[] };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown };

/** Logical id of the one resource of `type` whose properties include `match`. */
function idOf(f: PlatformFixture, type: string, match: (props: Record<string, unknown>) => boolean): string {
  const ids = Object.entries(resourcesOf(f.statefulTemplate, type)).filter(([, r]) => match(r.Properties ?? {})).map(([id]) => id);
  expect([type, ids.length]).toEqual([type, 1]);
  return ids[0];
}

/** A template `Fn::Join` rendered as text, with references replaced by what they stand for. */
function render(value: unknown, refs: Record<string, string>): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  const key = 'Ref' in v ? String(v.Ref) : 'Fn::GetAtt' in v ? (v['Fn::GetAtt'] as string[]).join('.') : undefined;
  if (key !== undefined) {
    if (!(key in refs)) throw new Error(`unexpected reference ${key}`);
    return refs[key];
  }
  const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
  return parts.map((p) => render(p, refs)).join(sep);
}

describe('TimestreamRollups in the stateful stack', () => {
  let f: PlatformFixture;
  let query: Resource;
  let ids: { database: string; raw: string; rollup: string; series: string; archive: string; info: string; dataKey: string; alertsKey: string };

  beforeAll(() => {
    f = synthPlatform();
    const queries = Object.values(resourcesOf(f.statefulTemplate, 'AWS::Timestream::ScheduledQuery'));
    expect(queries).toHaveLength(1);
    query = queries[0];
    ids = {
      database: idOf(f, 'AWS::Timestream::Database', (p) => p.DatabaseName === 'observability'),
      raw: idOf(f, 'AWS::Timestream::Table', (p) => p.TableName === 'metrics'),
      rollup: idOf(f, 'AWS::Timestream::Table', (p) => p.TableName === 'metrics_5m'),
      series: idOf(f, 'AWS::Timestream::Table', (p) => p.TableName === 'metric_series'),
      archive: idOf(f, 'AWS::S3::Bucket', (p) => JSON.stringify(p.BucketName).includes('observability-archive-')),
      info: idOf(f, 'AWS::SNS::Topic', (p) => p.TopicName === 'observability-info'),
      dataKey: idOf(f, 'AWS::KMS::Key', (p) => String(p.Description).includes('telemetry')),
      alertsKey: idOf(f, 'AWS::KMS::Key', (p) => String(p.Description).includes('alert topics')),
    };
  });

  it('runs the shared rollup SQL against the raw table, referenced so CloudFormation creates it first', () => {
    const text = render(query.Properties?.QueryString, { [ids.database]: 'observability', [`${ids.raw}.Name`]: 'metrics' });
    expect(text).toBe(rollupQueryString('observability', 'metrics'));
    expect(JSON.stringify(query.Properties?.QueryString)).toContain(`{"Ref":"${ids.database}"}`);
    expect(JSON.stringify(query.Properties?.QueryString)).toContain(`{"Fn::GetAtt":["${ids.raw}","Name"]}`);
    expect(query.Properties?.ScheduledQueryName).toBe('observability-metrics-5m-rollup');
    expect(query.Properties?.ScheduleConfiguration).toEqual({ ScheduleExpression: ROLLUP_SCHEDULE.expression });
    expect(ROLLUP_SCHEDULE.expression).toBe('cron(0 * * * ? *)');
  });

  it('writes multi-measure records keyed by the series id into the rollup table', () => {
    expect(query.Properties?.TargetConfiguration).toEqual({
      TimestreamConfiguration: {
        DatabaseName: { Ref: ids.database },
        TableName: { 'Fn::GetAtt': [ids.rollup, 'Name'] },
        TimeColumn: 'bucket_start',
        DimensionMappings: [{ Name: '__series_id', DimensionValueType: 'VARCHAR' }],
        MeasureNameColumn: 'measure_name',
        MultiMeasureMappings: {
          MultiMeasureAttributeMappings: [
            { SourceColumn: 'min_value', MeasureValueType: 'DOUBLE' },
            { SourceColumn: 'max_value', MeasureValueType: 'DOUBLE' },
            { SourceColumn: 'sum_value', MeasureValueType: 'DOUBLE' },
            { SourceColumn: 'sample_count', MeasureValueType: 'BIGINT' },
            { SourceColumn: 'last_value', MeasureValueType: 'DOUBLE' },
          ],
        },
      },
    });
    expect(ROLLUP_ATTRIBUTES).toHaveLength(5);
  });

  it('reports errors to the archive bucket prefix with SSE-KMS under the key that encrypts the query and the bucket', () => {
    expect(query.Properties?.ErrorReportConfiguration).toEqual({
      S3Configuration: { BucketName: { Ref: ids.archive }, ObjectKeyPrefix: 'timestream-scheduled-query-errors/', EncryptionOption: 'SSE_KMS' },
    });
    // Timestream encrypts SSE-KMS error reports with the scheduled query's key: the archive bucket's own key.
    expect(query.Properties?.KmsKeyId).toEqual({ 'Fn::GetAtt': [ids.dataKey, 'Arn'] });
    const archive = resourcesOf(f.statefulTemplate, 'AWS::S3::Bucket')[ids.archive];
    expect(archive.Properties?.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [ids.dataKey, 'Arn'] } } },
      ],
    });
  });

  it('notifies the info alert topic', () => {
    expect(query.Properties?.NotificationConfiguration).toEqual({ SnsConfiguration: { TopicArn: { Ref: ids.info } } });
  });

  it('runs as a role only timestream.amazonaws.com may assume, for this account and this query', () => {
    const roleId = (query.Properties?.ScheduledQueryExecutionRoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const role = resourcesOf(f.statefulTemplate, 'AWS::IAM::Role')[roleId];
    const trust = (role.Properties?.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
    expect(trust).toHaveLength(1);
    expect(trust[0]).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'timestream.amazonaws.com' } });
    expect(trust[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': expect.anything() },
    });
    const sourceArn = render((trust[0].Condition as { ArnLike: Record<string, unknown> }).ArnLike['aws:SourceArn'], {
      'AWS::Partition': 'aws',
      'AWS::Region': 'eu-west-1',
      'AWS::AccountId': '111122223333',
    });
    expect(sourceArn).toBe('arn:aws:timestream:eu-west-1:111122223333:scheduled-query/observability-metrics-5m-rollup*');
    expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties?.Policies).toBeUndefined();
  });

  it('grants the role exactly what the query needs, each action on its own resources, before the query is created', () => {
    const roleId = (query.Properties?.ScheduledQueryExecutionRoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const policies = Object.entries(resourcesOf(f.statefulTemplate, 'AWS::IAM::Policy')).filter(([, p]) =>
      (p.Properties?.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
    );
    expect(policies).toHaveLength(1);
    const [policyId, policy] = policies[0];
    expect(query.DependsOn).toContain(policyId);
    const statements = (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement;
    const granted = statements.map((s) => ({ effect: s.Effect, actions: ([] as string[]).concat(s.Action).sort(), resources: ([] as unknown[]).concat(s.Resource) }));
    const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
    expect(granted).toEqual([
      { effect: 'Allow', actions: ['timestream:Select'], resources: [arn(ids.raw)] },
      { effect: 'Allow', actions: ['timestream:WriteRecords'], resources: [arn(ids.rollup)] },
      { effect: 'Allow', actions: ['timestream:DescribeEndpoints'], resources: ['*'] },
      { effect: 'Allow', actions: ['sns:Publish'], resources: [{ Ref: ids.info }] },
      { effect: 'Allow', actions: ['s3:GetBucketAcl'], resources: [arn(ids.archive)] },
      { effect: 'Allow', actions: ['s3:PutObject'], resources: [{ 'Fn::Join': ['', [arn(ids.archive), '/timestream-scheduled-query-errors/*']] }] },
      { effect: 'Allow', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: expect.arrayContaining([arn(ids.dataKey), arn(ids.alertsKey)]) },
    ]);
    expect(statements[6].Resource).toHaveLength(2);
    // Nothing on the series table: the writer maintains it, the query never touches it.
    expect(JSON.stringify(statements)).not.toContain(ids.series);
  });

  it('is created only after the seed custom resource wrote a sample through the store, and re-seeds when the query changes', () => {
    const seeds = Object.entries(resourcesOf(f.statefulTemplate, 'Custom::TimestreamRollupSeed'));
    expect(seeds).toHaveLength(1);
    const [seedId, seed] = seeds[0] as [string, Resource];
    expect(query.DependsOn).toContain(seedId);
    // Same query text as the scheduled query's, so a changed query updates the seed first.
    expect(seed.Properties?.QueryString).toEqual(query.Properties?.QueryString);
    expect(seed.Properties?.RawTable).toEqual({ 'Fn::GetAtt': [ids.raw, 'Name'] });
    expect(seed.Properties?.SeriesTable).toEqual({ 'Fn::GetAtt': [ids.series, 'Name'] });
    const fnId = (seed.Properties?.ServiceToken as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
    const fn = resourcesOf(f.statefulTemplate, 'AWS::Lambda::Function')[fnId];
    expect(fn.Properties).toMatchObject({ FunctionName: 'observability-metric-store-seed', Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    const env = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toMatchObject({ METRIC_STORE: 'timestream', TIMESTREAM_TABLE: { 'Fn::GetAtt': [ids.raw, 'Name'] }, TIMESTREAM_SERIES_TABLE: { 'Fn::GetAtt': [ids.series, 'Name'] }, METRICS_RAW_RETENTION_DAYS: '90' });
    // The function's policy (writes to the raw and series tables only) exists before the seed runs.
    const roleId = ((fn.Properties?.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'])[0];
    const policies = Object.entries(resourcesOf(f.statefulTemplate, 'AWS::IAM::Policy')).filter(([, p]) => (p.Properties?.Roles as { Ref: string }[]).some((r) => r.Ref === roleId));
    expect(policies).toHaveLength(1);
    expect(seed.DependsOn).toEqual(expect.arrayContaining([policies[0][0], fnId]));
    const writes = (policies[0][1].Properties?.PolicyDocument as { Statement: Statement[] }).Statement.filter((st) => ([] as string[]).concat(st.Action).includes('timestream:WriteRecords'));
    expect(writes.flatMap((st) => ([] as unknown[]).concat(st.Resource))).toEqual(expect.arrayContaining([{ 'Fn::GetAtt': [ids.raw, 'Arn'] }, { 'Fn::GetAtt': [ids.series, 'Arn'] }]));
    expect(writes.flatMap((st) => ([] as unknown[]).concat(st.Resource))).toHaveLength(2);
  });

  it('leaves no unacknowledged AWS Solutions finding on the rollup resources', () => {
    const report = new AwsSolutionsChecks().validateScope(f.app);
    const findings = report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
    expect(findings.filter((x) => x.includes('MetricRollups') || x.includes('MetricStore'))).toEqual([]);
  });
});

/** A seed function without bundling: the construct only needs its ARN and something to depend on. */
function seedFunction(stack: Stack): Construct & { fn: IFunction } {
  const holder = new Construct(stack, 'Seed');
  const fn = new LambdaFunction(holder, 'Fn', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => {}') });
  return Object.assign(holder, { fn });
}

describe('TimestreamRollups on its own', () => {
  const build = (name: string): void => {
    const stack = new Stack(new App(), 'S');
    const key = new Key(stack, 'K');
    const store = new TimestreamMetricStore(stack, 'Store', { databaseName: 'db', encryptionKey: key });
    new TimestreamRollups(stack, 'R', {
      scheduledQueryName: name,
      store,
      encryptionKey: key,
      errorReportBucket: new Bucket(stack, 'B'),
      notificationTopic: new Topic(stack, 'T'),
      seedFunction: seedFunction(stack),
    });
  };

  it('accepts the names Timestream accepts and refuses the others before synth', () => {
    expect(() => build('obs-dev-metrics-5m-rollup')).not.toThrow();
    expect(() => build('a'.repeat(64))).not.toThrow();
    expect(() => build('a'.repeat(65))).toThrow(/Invalid scheduled query name/);
    expect(() => build('/leading-slash')).toThrow(/Invalid scheduled query name/);
    expect(() => build('has space')).toThrow(/Invalid scheduled query name/);
  });

  it('grants no key of an unencrypted topic, only the database key', () => {
    const stack = new Stack(new App(), 'S');
    const key = new Key(stack, 'K');
    const store = new TimestreamMetricStore(stack, 'Store', { databaseName: 'db', encryptionKey: key });
    const r = new TimestreamRollups(stack, 'R', { scheduledQueryName: 'rollup', store, encryptionKey: key, errorReportBucket: new Bucket(stack, 'B'), notificationTopic: new Topic(stack, 'T'), seedFunction: seedFunction(stack) });
    const kms = r.policy.document.toJSON().Statement.find((s: Statement) => JSON.stringify(s.Action).includes('kms:'));
    expect(stack.resolve(kms.Resource)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as never), 'Arn'] });
  });
});
