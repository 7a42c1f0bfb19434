import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parsePlatformConfig } from '../../../../lib/config';
import { FUNCTION_NAMES } from '../../../../lib/stacks/stateless-stack';
import { PlatformFixture, resourcesOf, synthPlatform, functionActions as actionsOf } from '../../platform-fixture';



function environmentOf(f: PlatformFixture, name: string): Record<string, unknown> {
  const fn = Object.values(resourcesOf(f.statelessTemplate, 'AWS::Lambda::Function')).find((r) => r.Properties?.FunctionName === `observability-${name}`);
  return (fn?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
}

const resourceTypes = (f: PlatformFixture) =>
  [f.statefulTemplate, f.statelessTemplate].flatMap((t) => Object.values(t.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type));

const APS_QUERY = ['aps:GetLabels', 'aps:GetMetricMetadata', 'aps:GetSeries', 'aps:QueryMetrics'];
const READERS = ['api', 'alert-evaluator', 'escalation', 'sla-report', 'capacity-forecast', 'synthetic-checks', 'metrics-datasource', 'metrics-writer'];

describe('metricStore=prometheus', () => {
  let f: PlatformFixture;
  beforeAll(() => {
    f = synthPlatform({ metricStore: 'prometheus', prometheusRetentionDays: '90' });
  });

  it('creates one AMP workspace, encrypted with the platform key, with retention and an out-of-order window, retained by default', () => {
    f.statefulTemplate.resourceCountIs('AWS::APS::Workspace', 1);
    f.statefulTemplate.hasResource('AWS::APS::Workspace', {
      Properties: {
        Alias: 'observability-metrics',
        KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeysData'), 'Arn'] },
        WorkspaceConfiguration: { RetentionPeriodInDays: 90, OutOfOrderTimeWindowInSeconds: 600 },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('creates no Timestream resource (no tables, no rollup scheduled query) and grants no timestream: action anywhere', () => {
    expect(resourceTypes(f).filter((t) => t.startsWith('AWS::Timestream::'))).toEqual([]);
    f.statefulTemplate.resourceCountIs('AWS::Timestream::ScheduledQuery', 0);
    f.statefulTemplate.resourceCountIs('AWS::Timestream::Table', 0);
    expect(JSON.stringify(f.statefulTemplate.toJSON())).not.toContain('timestream.amazonaws.com');
    for (const name of FUNCTION_NAMES) expect([name, [...actionsOf(f, name).keys()].filter((a) => a.startsWith('timestream:'))]).toEqual([name, []]);
  });

  it('lets metrics-writer remote-write and query (its cardinality guard), on the workspace ARN', () => {
    const actions = actionsOf(f, 'metrics-writer');
    expect([...actions.keys()].filter((a) => a.startsWith('aps:')).sort()).toEqual([...APS_QUERY, 'aps:RemoteWrite'].sort());
    expect(JSON.stringify(actions.get('aps:RemoteWrite'))).toMatch(/PrometheusMetricStoreWorkspace.*Arn/);
    expect(JSON.stringify(actions.get('aps:RemoteWrite'))).not.toContain('"*"');
  });

  it('lets the readers only query the workspace, and nothing else touches it', () => {
    for (const name of FUNCTION_NAMES) {
      const aps = [...actionsOf(f, name).keys()].filter((a) => a.startsWith('aps:')).sort();
      const writes = ['metrics-writer', 'log-processor', 'trace-processor', 'synthetic-checks', 'alert-evaluator'].includes(name);
      const expected = [...(READERS.includes(name) ? APS_QUERY : []), ...(writes ? ['aps:RemoteWrite'] : [])].sort();
      expect([name, aps]).toEqual([name, expected]);
      for (const a of aps) expect(JSON.stringify(actionsOf(f, name).get(a))).toMatch(/PrometheusMetricStoreWorkspace/);
    }
  });

  it('gives the functions METRIC_STORE=prometheus and the workspace id and region, no Timestream variables', () => {
    const env = environmentOf(f, 'metrics-writer');
    expect(env.METRIC_STORE).toBe('prometheus');
    expect(JSON.stringify(env.AMP_WORKSPACE_ID)).toMatch(/PrometheusMetricStoreWorkspace.*WorkspaceId/);
    expect(env.AMP_REGION).toEqual({ Ref: 'AWS::Region' });
    for (const name of ['TIMESTREAM_DATABASE', 'TIMESTREAM_TABLE', 'TIMESTREAM_SERIES_TABLE', 'TIMESTREAM_ROLLUP_TABLE', 'METRICS_RAW_RETENTION_DAYS']) {
      expect([name, env[name]]).toEqual([name, undefined]);
    }
  });

  it('deletes the workspace with the stack when retainData=false', () => {
    const destroyable = synthPlatform({ metricStore: 'prometheus', retainData: 'false' });
    destroyable.statefulTemplate.hasResource('AWS::APS::Workspace', { DeletionPolicy: 'Delete' });
  });

  it('leaves no unacknowledged AWS Solutions finding', () => {
    const report = new AwsSolutionsChecks().validateScope(f.app);
    expect(report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))).toEqual([]);
  });
});

describe('metricStore=timestream', () => {
  let f: PlatformFixture;
  beforeAll(() => {
    f = synthPlatform({ metricStore: 'timestream' });
  });

  it('creates the Timestream database and table and no APS resource', () => {
    f.statefulTemplate.resourceCountIs('AWS::Timestream::Database', 1);
    f.statefulTemplate.resourceCountIs('AWS::Timestream::Table', 3);
    f.statefulTemplate.resourceCountIs('AWS::Timestream::ScheduledQuery', 1);
    expect(resourceTypes(f).filter((t) => t.startsWith('AWS::APS::'))).toEqual([]);
  });

  it('grants no aps: action and sets METRIC_STORE=timestream with the table names', () => {
    for (const name of FUNCTION_NAMES) expect([name, [...actionsOf(f, name).keys()].filter((a) => a.startsWith('aps:'))]).toEqual([name, []]);
    expect(actionsOf(f, 'metrics-writer').has('timestream:WriteRecords')).toBe(true);
    const env = environmentOf(f, 'api');
    expect(env.METRIC_STORE).toBe('timestream');
    expect(env.TIMESTREAM_DATABASE).toBeDefined();
    expect(env.AMP_WORKSPACE_ID).toBeUndefined();
  });
});

describe('a bad metricStore value', () => {
  it('stops synth with a message naming the key, the value and the choices', () => {
    expect(() => synthPlatform({ metricStore: 'bogus' })).toThrow('Invalid setting metricStore="bogus": expected one of timestream, prometheus');
    expect(() => parsePlatformConfig({ metricStore: 'Prometheus' })).toThrow(/metricStore="Prometheus"/);
  });

  it('is the default timestream when absent', () => {
    expect(parsePlatformConfig({}).metricStore).toBe('timestream');
    expect(parsePlatformConfig({ metricStore: 'prometheus' }).metricStore).toBe('prometheus');
  });
});
