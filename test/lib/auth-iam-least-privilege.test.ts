import type { Template } from 'aws-cdk-lib/assertions';
import { resourcesOf, synthPlatform } from './platform-fixture';

/**
 * Actions that have no resource-level permissions (the service authorization reference lists
 * no resource type for them), so `Resource: "*"` is the only way to grant them.
 */
export const WILDCARD_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetTraceSummaries',
  'xray:BatchGetTraces',
  'xray:GetServiceGraph',
  'xray:GetTraceGraph',
  'xray:GetTimeSeriesServiceStatistics',
  'xray:GetTraceSegmentDestination',
  'xray:StartTraceRetrieval',
  'xray:ListRetrievedTraces',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'timestream:DescribeEndpoints',
  'timestream:SelectValues',
  'timestream:CancelQuery',
  'cloudwatch:PutMetricData',
  'cloudwatch:GetMetricData',
  'cloudwatch:ListMetrics',
  'cloudwatch:PutDashboard',
  'logs:StartQuery',
  'logs:GetQueryResults',
  'logs:StopQuery',
  'logs:DescribeLogGroups',
  'logs:DescribeQueries',
]);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every Allow statement of every IAM policy in a template, with where it is. */
function allowStatements(template: Template): { where: string; statement: Statement }[] {
  const out: { where: string; statement: Statement }[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, r] of Object.entries(resourcesOf(template, type))) {
      for (const s of ((r.Properties?.PolicyDocument as { Statement: Statement[] }) ?? { Statement: [] }).Statement) out.push({ where: id, statement: s });
    }
  }
  for (const [id, r] of Object.entries(resourcesOf(template, 'AWS::IAM::Role'))) {
    for (const p of (r.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[]) ?? []) {
      for (const s of p.PolicyDocument.Statement) out.push({ where: id, statement: s });
    }
  }
  return out.filter((x) => x.statement.Effect === 'Allow');
}

const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

describe('least-privilege IAM: Resource "*" only for actions that cannot name a resource', () => {
  const variants = {
    default: synthPlatform({}),
    iam: synthPlatform({ apiAuth: 'iam', metricStore: 'prometheus' }),
  };

  for (const [name, synth] of Object.entries(variants)) {
    it(`${name}: every wildcard-resource action is on the allow-list`, () => {
      const offenders: string[] = [];
      let wildcardStatements = 0;
      for (const template of [synth.statefulTemplate, synth.statelessTemplate]) {
        for (const { where, statement } of allowStatements(template)) {
          if (!asList(statement.Resource).includes('*')) continue;
          wildcardStatements++;
          for (const action of asList(statement.Action)) {
            if (!WILDCARD_ONLY_ACTIONS.has(action)) offenders.push(`${where}: ${action} on *`);
          }
        }
      }
      expect(offenders).toEqual([]);
      expect(wildcardStatements).toBeGreaterThan(0);
    });

    it(`${name}: no action wildcards like s3:* or *`, () => {
      const broad: string[] = [];
      for (const template of [synth.statefulTemplate, synth.statelessTemplate]) {
        for (const { where, statement } of allowStatements(template)) {
          for (const action of asList(statement.Action)) if (action === '*' || /:\*$/.test(action)) broad.push(`${where}: ${action}`);
        }
      }
      expect(broad).toEqual([]);
    });
  }

  it('the authorizer only reads the state table and writes its own logs', () => {
    const t = variants.default.statelessTemplate;
    const roleId = Object.keys(resourcesOf(t, 'AWS::IAM::Role')).find((id) => id.startsWith('authorizerRole'))!;
    expect(roleId).toBeDefined();
    const actions = allowStatements(t)
      .filter((x) => JSON.stringify(resourcesOf(t, 'AWS::IAM::Policy')[x.where]?.Properties?.Roles ?? []).includes(roleId) || x.where === roleId)
      .flatMap((x) => asList(x.statement.Action));
    const writes = actions.filter((a) => /^(dynamodb:(Put|Update|Delete|BatchWrite)|s3:|kinesis:Put|sns:)/.test(a));
    expect(writes).toEqual([]);
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem']));
  });
});
