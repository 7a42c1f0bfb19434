import { metricStoreEnvironment } from '../../../../lib/constructs/metric-store/metric-store-binding';
import { FUNCTION_NAMES } from '../../../../lib/stacks/stateless-stack';
import { PlatformFixture, resourcesOf, synthPlatform, functionActions as actionsOf } from '../../platform-fixture';



/**
 * What a stateless-template value stands for in the stateful template: a cross-stack reference
 * (`Fn::GetStackOutput` or `Fn::ImportValue`) is replaced by the stateful output's value, e.g.
 * `{"Fn::GetAtt":["MetricStoreSeriesTable…","Name"]}`.
 */
function exported(f: PlatformFixture, value: unknown): unknown {
  const v = value as { 'Fn::ImportValue'?: string; 'Fn::GetStackOutput'?: { OutputName: string } };
  const outputs = f.statefulTemplate.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>;
  if (v['Fn::GetStackOutput']) return outputs[v['Fn::GetStackOutput'].OutputName].Value;
  if (v['Fn::ImportValue']) return Object.values(outputs).find((o) => o.Export?.Name === v['Fn::ImportValue'])!.Value;
  return value;
}

const sorted = (values: unknown[]): unknown[] => [...values].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('metric store binding (Timestream)', () => {
  let f: PlatformFixture;
  let tableIds: Record<'metrics' | 'metric_series' | 'metrics_5m', string>;
  const getAtt = (table: keyof typeof tableIds, attribute: string) => ({ 'Fn::GetAtt': [tableIds[table], attribute] });

  beforeAll(() => {
    f = synthPlatform({ metricRawRetentionDays: '45' });
    const tables = resourcesOf(f.statefulTemplate, 'AWS::Timestream::Table');
    const idOf = (name: string) => Object.keys(tables).find((id) => tables[id].Properties?.TableName === name)!;
    tableIds = { metrics: idOf('metrics'), metric_series: idOf('metric_series'), metrics_5m: idOf('metrics_5m') };
  });

  it('names the series and rollup tables and the raw retention in every function environment', () => {
    for (const fn of Object.values(resourcesOf(f.statelessTemplate, 'AWS::Lambda::Function'))) {
      const env = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.METRIC_STORE).toBe('timestream');
      expect(exported(f, env.TIMESTREAM_TABLE)).toEqual(getAtt('metrics', 'Name'));
      expect(exported(f, env.TIMESTREAM_SERIES_TABLE)).toEqual(getAtt('metric_series', 'Name'));
      expect(exported(f, env.TIMESTREAM_ROLLUP_TABLE)).toEqual(getAtt('metrics_5m', 'Name'));
      expect(env.METRICS_RAW_RETENTION_DAYS).toBe('45');
    }
  });

  it('lets the writers write the raw and series tables, and nobody write the rollup table', () => {
    const writers = FUNCTION_NAMES.filter((name) => actionsOf(f, name).has('timestream:WriteRecords'));
    // The processors write derived series too: log_records_total and friends, span metrics.
    expect(writers.sort()).toEqual(['alert-evaluator', 'log-processor', 'metrics-writer', 'synthetic-checks', 'trace-processor']);
    for (const name of writers) {
      const resources = actionsOf(f, name).get('timestream:WriteRecords')!.map((r) => exported(f, r));
      expect([name, sorted(resources)]).toEqual([name, sorted([getAtt('metrics', 'Arn'), getAtt('metric_series', 'Arn')])]);
    }
  });

  it('lets the readers query the raw, series and rollup tables only', () => {
    const readers = FUNCTION_NAMES.filter((name) => actionsOf(f, name).has('timestream:Select'));
    // metrics-writer reads too: its cardinality guard counts each metric's active series.
    expect(readers.sort()).toEqual(['alert-evaluator', 'api', 'capacity-forecast', 'escalation', 'metrics-datasource', 'metrics-writer', 'sla-report', 'synthetic-checks']);
    for (const name of readers) {
      expect(actionsOf(f, name).get('timestream:Select')).toHaveLength(3);
      for (const action of ['timestream:Select', 'timestream:DescribeTable']) {
        // DescribeTable comes with writing too (raw and series), so it is compared as a set.
        const resources = [...new Map(actionsOf(f, name).get(action)!.map((r) => exported(f, r)).map((r) => [JSON.stringify(r), r])).values()];
        expect([name, action, sorted(resources)]).toEqual([name, action, sorted([getAtt('metrics', 'Arn'), getAtt('metric_series', 'Arn'), getAtt('metrics_5m', 'Arn')])]);
      }
    }
  });
});

describe('metricStoreEnvironment', () => {
  it('gives the Timestream adapter every table and the raw retention as text', () => {
    const env = metricStoreEnvironment({
      kind: 'timestream',
      databaseName: 'db',
      tableName: 'raw',
      tableArn: 'arn:raw',
      seriesTableName: 'series',
      seriesTableArn: 'arn:series',
      rollupTableName: 'rollup',
      rollupTableArn: 'arn:rollup',
      rawRetentionDays: 90,
    });
    expect(env).toEqual({
      METRIC_STORE: 'timestream',
      TIMESTREAM_DATABASE: 'db',
      TIMESTREAM_TABLE: 'raw',
      TIMESTREAM_SERIES_TABLE: 'series',
      TIMESTREAM_ROLLUP_TABLE: 'rollup',
      METRICS_RAW_RETENTION_DAYS: '90',
    });
  });

  it('gives the AMP adapter only the workspace', () => {
    expect(metricStoreEnvironment({ kind: 'prometheus', workspaceId: 'ws-1', workspaceArn: 'arn:ws', region: 'eu-west-1' })).toEqual({
      METRIC_STORE: 'prometheus',
      AMP_WORKSPACE_ID: 'ws-1',
      AMP_REGION: 'eu-west-1',
    });
  });
});
