import { Match, Template } from 'aws-cdk-lib/assertions';
import { FUNCTION_NAMES } from '../../../lib/stacks/stateless-stack';
import { PlatformFixture, resourcesOf, synthPlatform, functionActions as roleActions } from '../platform-fixture';

const ENV_NAMES = [
  'METRICS_STREAM_NAME',
  'LOGS_STREAM_NAME',
  'TRACES_STREAM_NAME',
  'STATE_TABLE_NAME',
  'TIMESTREAM_DATABASE',
  'TIMESTREAM_TABLE',
  'TIMESTREAM_SERIES_TABLE',
  'TIMESTREAM_ROLLUP_TABLE',
  'METRICS_RAW_RETENTION_DAYS',
  'ARCHIVE_BUCKET',
  'ALERT_TOPIC_CRITICAL_ARN',
  'ALERT_TOPIC_WARNING_ARN',
  'ALERT_TOPIC_INFO_ARN',
  'LOG_GROUP_PREFIX',
  'METRICS_NAMESPACE',
  'PLATFORM_FUNCTION',
];

describe('StatelessStack', () => {
  let fixture: PlatformFixture;
  let template: Template;

  beforeAll(() => {
    fixture = synthPlatform({ lambdaMemoryMb: '1024', logRetentionDays: '90' });
    template = fixture.statelessTemplate;
  });

  describe('functions', () => {
    it('creates the eleven platform functions on nodejs22.x arm64 with X-Ray and configured memory', () => {
      template.resourceCountIs('AWS::Lambda::Function', FUNCTION_NAMES.length);
      for (const name of FUNCTION_NAMES) {
        template.hasResourceProperties('AWS::Lambda::Function', {
          FunctionName: `observability-${name}`,
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          MemorySize: 1024,
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp(`^${name.replace(/-/g, '')}Logs`) } },
        });
      }
    });

    it('gives every function all the environment variables the handlers read', () => {
      for (const fn of Object.values(resourcesOf(template, 'AWS::Lambda::Function'))) {
        const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
        expect(Object.keys(variables)).toEqual(expect.arrayContaining(ENV_NAMES));
        expect(variables.LOG_GROUP_PREFIX).toBe('/observability/services/');
        expect(variables.METRICS_NAMESPACE).toBe('Observability/Platform');
        expect(`observability-${String(variables.PLATFORM_FUNCTION)}`).toBe(fn.Properties?.FunctionName);
      }
    });

    it('gives every function its own log group with the configured retention, encrypted with the platform key', () => {
      for (const name of FUNCTION_NAMES) {
        template.hasResourceProperties('AWS::Logs::LogGroup', {
          LogGroupName: `/aws/lambda/observability-${name}`,
          RetentionInDays: 90,
          KmsKeyId: Match.anyValue(),
        });
      }
    });

    it('sends failed asynchronous invocations of the scheduled jobs to an encrypted queue', () => {
      for (const job of ['alert-evaluator', 'escalation', 'sla-report', 'capacity-forecast', 'synthetic-checks']) {
        template.hasResourceProperties('AWS::Lambda::Function', {
          FunctionName: `observability-${job}`,
          DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`${job.replace(/-/g, '')}dlq`), 'Arn'] } },
        });
      }
      for (const queue of Object.values(resourcesOf(template, 'AWS::SQS::Queue'))) {
        expect(queue.Properties?.KmsMasterKeyId).toBeDefined();
      }
      for (const policy of Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'))) {
        expect(JSON.stringify(policy.Properties?.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
      }
      template.resourceCountIs('AWS::SQS::Queue', 9);
    });
  });

  describe('stream processing', () => {
    it('connects each stream to its processor with partial batch responses, bisection, bounded retries and a failure queue', () => {
      template.resourceCountIs('AWS::Lambda::EventSourceMapping', 3);
      for (const [signal, processor] of [
        ['metrics', 'metricswriter'],
        ['logs', 'logprocessor'],
        ['traces', 'traceprocessor'],
      ]) {
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          FunctionName: { Ref: Match.stringLikeRegexp(`^${processor}Function`) },
          StartingPosition: 'TRIM_HORIZON',
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          BisectBatchOnFunctionError: true,
          MaximumRetryAttempts: 5,
          MaximumRecordAgeInSeconds: 21600,
          DestinationConfig: {
            OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${signal}processingFailures`), 'Arn'] } },
          },
        });
      }
    });
  });

  describe('least privilege', () => {
    it('lets ingest only put records', () => {
      const actions = [...roleActions(fixture, 'ingest').keys()].filter((a) => !a.startsWith('kms:') && !a.startsWith('logs:') && !a.startsWith('xray:'));
      expect(actions.sort()).toEqual(['kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords']);
    });

    it('lets metrics-writer write Timestream and query it for its cardinality guard, and nothing on the streams but its event source', () => {
      const actions = roleActions(fixture, 'metrics-writer');
      expect(actions.has('timestream:WriteRecords')).toBe(true);
      expect(actions.get('timestream:DescribeEndpoints')).toEqual(['*']);
      expect(actions.has('timestream:Select')).toBe(true);
      expect(actions.has('kinesis:PutRecords')).toBe(false);
    });

    it('lets log-processor write its derived series and notify security events; lets api describe the streams for /ready', () => {
      const logs = roleActions(fixture, 'log-processor');
      expect(logs.has('timestream:WriteRecords')).toBe(true);
      expect(logs.has('timestream:Select')).toBe(false);
      expect(logs.get('sns:Publish')).toHaveLength(3);
      expect(roleActions(fixture, 'api').get('kinesis:DescribeStreamSummary')).toHaveLength(3);
      expect(roleActions(fixture, 'api').has('kinesis:PutRecords')).toBe(false);
    });

    it('lets every function that keeps state (the processors too) use the state table and its values bucket, objects under state-values/ only', () => {
      // metrics-writer: metric metadata; log-processor: batch markers, service enrichment, security
      // events; trace-processor: the tail-sampling buffer. Without these grants every batch fails on AWS.
      for (const name of ['metrics-writer', 'log-processor', 'trace-processor', 'api', 'alert-evaluator', 'escalation', 'sla-report', 'capacity-forecast', 'synthetic-checks']) {
        const actions = roleActions(fixture, name);
        for (const action of ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:DeleteItem']) expect([name, actions.has(action)]).toEqual([name, true]);
        for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
          expect([name, JSON.stringify(actions.get(action))]).toEqual([name, expect.stringContaining('observability-state-')]);
        }
        expect(JSON.stringify(actions.get('s3:DeleteObject'))).toContain('/state-values/*');
      }
      for (const fn of Object.values(resourcesOf(template, 'AWS::Lambda::Function'))) {
        const env = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
        if ('STATE_TABLE_NAME' in env) expect(JSON.stringify(env.STATE_VALUES_BUCKET)).toContain('observability-state-');
      }
    });

    it('lets log-processor write only the service log groups and put archive objects', () => {
      const actions = roleActions(fixture, 'log-processor');
      expect(JSON.stringify(actions.get('logs:CreateLogGroup'))).toContain(':log-group:/observability/services/*');
      expect(JSON.stringify(actions.get('s3:PutObject'))).toContain('observability-archive-');
      // S3 reads and deletes only of its own state values (test above), never of the archive.
      expect(JSON.stringify(actions.get('s3:GetObject'))).not.toContain('archive');
      expect(JSON.stringify(actions.get('s3:DeleteObject'))).not.toContain('archive');
    });

    it('lets trace-processor put trace segments, write span metrics and keep its state, and nothing on the archive', () => {
      const actions = roleActions(fixture, 'trace-processor');
      expect(actions.get('xray:PutTraceSegments')).toContain('*');
      expect(actions.has('timestream:WriteRecords')).toBe(true);
      expect(actions.has('timestream:Select')).toBe(false);
      expect(JSON.stringify([...actions.entries()].filter(([a]) => a.startsWith('s3:')))).not.toContain('archive');
    });

    it('lets api read every store and write the state table', () => {
      const actions = roleActions(fixture, 'api');
      for (const action of ['timestream:Select', 'dynamodb:PutItem', 'dynamodb:Query', 'logs:StartQuery', 'logs:GetQueryResults', 'xray:BatchGetTraces', 's3:GetObject']) {
        expect([action, actions.has(action)]).toEqual([action, true]);
      }
      expect(actions.has('kinesis:PutRecord')).toBe(false);
      expect(actions.has('timestream:WriteRecords')).toBe(false);
    });

    it('lets api publish console views of the dashboards written through it, under the prefix only', () => {
      const actions = roleActions(fixture, 'api');
      for (const action of ['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards']) {
        expect(JSON.stringify(actions.get(action))).toContain(':dashboard/observability-*');
      }
      const api = Object.values(resourcesOf(template, 'AWS::Lambda::Function')).find((f) => JSON.stringify(f.Properties?.Environment ?? {}).includes('DASHBOARD_DATASOURCE_FUNCTION'));
      expect((api?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        DASHBOARD_DATASOURCE_FUNCTION: 'observability-metrics-datasource',
        DASHBOARD_NAME_PREFIX: 'observability',
        PLATFORM_FUNCTION: 'api',
      });
    });

    it('lets the jobs use state, query metrics and publish to the alert topics', () => {
      for (const job of ['alert-evaluator', 'escalation', 'sla-report', 'capacity-forecast', 'synthetic-checks']) {
        const actions = roleActions(fixture, job);
        expect(actions.get('sns:Publish')).toHaveLength(3);
        expect(actions.has('dynamodb:PutItem')).toBe(true);
        expect(actions.has('timestream:Select')).toBe(true);
        // Only the synthetic checks (probe_success and friends) and the evaluator (ALERTS, recording rules) write samples.
        expect(actions.has('timestream:WriteRecords')).toBe(job === 'synthetic-checks' || job === 'alert-evaluator');
      }
      // Receiver secrets by reference: the evaluator alone, under the deployment prefix only.
      const evaluator = roleActions(fixture, 'alert-evaluator');
      expect(JSON.stringify(evaluator.get('ssm:GetParameter'))).toContain(':parameter/observability/*');
      expect(JSON.stringify(evaluator.get('secretsmanager:GetSecretValue'))).toContain(':secret:observability/*');
      for (const other of ['api', 'escalation', 'sla-report']) expect(roleActions(fixture, other).has('secretsmanager:GetSecretValue')).toBe(false);
      for (const fn of Object.values(resourcesOf(template, 'AWS::Lambda::Function'))) {
        expect((fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables.SECRET_NAME_PREFIX).toBe('observability');
      }
      // The SLA job reads traces to judge recent deployments (deployment.regressed); the other jobs do not.
      expect(roleActions(fixture, 'sla-report').has('xray:BatchGetTraces')).toBe(true);
      expect(roleActions(fixture, 'escalation').has('xray:BatchGetTraces')).toBe(false);
      const checks = roleActions(fixture, 'synthetic-checks');
      expect(JSON.stringify(checks.get('s3:PutObject'))).toContain('/index.html');
      expect(checks.has('logs:PutLogEvents')).toBe(true);
    });

    it('lets metrics-datasource only query Timestream, and CloudWatch alarms invoke it', () => {
      const actions = [...roleActions(fixture, 'metrics-datasource').keys()].filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'));
      expect(actions.sort()).toEqual(['timestream:DescribeEndpoints', 'timestream:DescribeTable', 'timestream:ListMeasures', 'timestream:Select']);
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Principal: 'lambda.alarms.cloudwatch.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^metricsdatasourceFunction'), 'Arn'] },
      });
    });
  });

  describe('schedules', () => {
    it.each([
      ['alert-evaluator', 'rate(1 minute)'],
      ['escalation', 'rate(1 minute)'],
      ['sla-report', 'rate(1 hour)'],
      ['capacity-forecast', 'rate(1 day)'],
    ])('runs %s on %s with a retry policy and a dead-letter queue', (job, expression) => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: `observability-${job}`,
        ScheduleExpression: expression,
        State: 'ENABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${job.replace(/-/g, '')}Function`), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${job.replace(/-/g, '')}dlq`), 'Arn'] } },
          Input: Match.serializedJson({
            version: '0',
            id: '<aws.scheduler.execution-id>',
            'detail-type': 'Scheduled Event',
            source: 'aws.scheduler',
            time: '<aws.scheduler.scheduled-time>',
            resources: ['<aws.scheduler.schedule-arn>'],
            detail: { job, attempt: '<aws.scheduler.attempt-number>' },
          }),
        },
      });
    });

    it('creates exactly the six schedules (five jobs and the trace-processor tick)', () => {
      template.resourceCountIs('AWS::Scheduler::Schedule', 6);
      template.hasResourceProperties('AWS::Scheduler::Schedule', { Name: 'observability-trace-processor-tick', ScheduleExpression: 'rate(1 minute)' });
    });
  });

  describe('dashboards', () => {
    it('creates the platform-health dashboard with every placeholder replaced by a real name', () => {
      // platform-health plus the five model dashboards (dashboards/*.dashboard.json), rendered at synth.
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 6);
      const dashboard = Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard')).find((d) => d.Properties?.DashboardName === 'observability-platform-health')!;
      expect(dashboard).toBeDefined();
      const body = JSON.stringify(dashboard.Properties?.DashboardBody);
      expect(body).not.toMatch(/\$\{(fn|stream|queue):/);
      expect(body).not.toContain('${api}');
      for (const name of FUNCTION_NAMES) expect(body).toContain(`\\"observability-${name}\\"`);
      expect(body).toContain('\\"observability-api\\"');
      expect(body).toContain('\\"prod\\"');
      expect(body).toContain('observability-metrics-dlq');
      expect(body).toContain('observability-capacity-forecast-dlq');
      expect(body).toContain('GetRecords.IteratorAgeMilliseconds');
      expect(body).toContain('AWS::Region');
    });
  });

  describe('self-monitoring alarms', () => {
    it('alarms on every function error, stream lag, failure queue and API 5xx, notifying the critical topic', () => {
      template.resourceCountIs('AWS::CloudWatch::Alarm', FUNCTION_NAMES.length + 3 + 9 + 1);
      for (const name of FUNCTION_NAMES) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: `observability-${name}-errors`,
          MetricName: 'Errors',
          Namespace: 'AWS/Lambda',
        });
      }
      for (const signal of ['metrics', 'logs', 'traces']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: `observability-${signal}-iterator-age`,
          MetricName: 'GetRecords.IteratorAgeMilliseconds',
          Namespace: 'AWS/Kinesis',
        });
      }
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'observability-metrics-dlq-depth',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'observability-api-5xx', MetricName: '5XXError' });
      for (const alarm of Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'))) {
        expect(JSON.stringify(alarm.Properties?.AlarmActions)).toMatch(/critical/i);
      }
    });
  });
});
