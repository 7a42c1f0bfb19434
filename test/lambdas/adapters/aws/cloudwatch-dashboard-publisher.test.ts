import { CloudWatchClient, DeleteDashboardsCommand, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchDashboardPublisher } from '../../../../lambdas/adapters/aws/cloudwatch-dashboard-publisher';
import { dashboardPublisher, noPublishing, useDashboardPublisher } from '../../../../lambdas/api/routes/dashboard-publishing';
import { cloudWatchBodyProblems } from '../../../../lambdas/core/dashboards/cloudwatch-body-rules';
import type { Dashboard } from '../../../../lambdas/core/dashboards/dashboard-model';
import { consoleDashboardName } from '../../../../lambdas/core/dashboards/dashboard-publisher';

const cw = mockClient(CloudWatchClient);

const dashboard: Dashboard = {
  schemaVersion: 1,
  title: 'Checkout',
  tags: [],
  timeRange: { from: 'now-3h', to: 'now' },
  variables: [],
  panels: [
    { id: 1, title: 'Rate', type: 'timeseries', gridPos: { x: 0, y: 0, w: 12, h: 6 }, queries: [{ refId: 'A', kind: 'promql', expr: 'sum(rate(http_requests_total{job="checkout"}[5m]))' }] },
    { id: 2, title: 'Notes', type: 'text', gridPos: { x: 12, y: 0, w: 12, h: 6 }, content: 'Runbook', queries: [] },
  ],
};

function publisher() {
  return new CloudWatchDashboardPublisher({ client: new CloudWatchClient({}), prefix: 'obs', datasourceFunction: 'obs-metrics-datasource', region: 'eu-west-1', logGroupPrefix: '/obs/services/' });
}

describe('CloudWatchDashboardPublisher', () => {
  beforeEach(() => cw.reset());

  it('puts the rendered body as a JSON string under <prefix>-<id>', async () => {
    cw.on(PutDashboardCommand).resolves({ DashboardValidationMessages: [] });
    await publisher().publish('checkout', dashboard);
    const calls = cw.commandCalls(PutDashboardCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0].args[0].input;
    expect(Object.keys(input).sort()).toEqual(['DashboardBody', 'DashboardName']);
    expect(input.DashboardName).toBe('obs-checkout');
    expect(typeof input.DashboardBody).toBe('string');
    const body = JSON.parse(input.DashboardBody!);
    expect(cloudWatchBodyProblems(body)).toEqual([]);
    expect(body.start).toBe('-PT3H');
    expect(body.widgets[0].properties.metrics[0][0].expression).toBe('LAMBDA("obs-metrics-datasource", "sum(rate(http_requests_total{job=`checkout`}[5m]))")');
    expect(body.widgets[1]).toMatchObject({ type: 'text', x: 12, width: 12, properties: { markdown: 'Runbook' } });
  });

  it('names dashboards within CloudWatch rules: A-Za-z0-9, - and _, at most 255 characters', () => {
    expect(consoleDashboardName('obs', 'team.a:checkout')).toBe('obs-team-a-checkout');
    expect(consoleDashboardName('obs', 'x'.repeat(300))).toHaveLength(255);
  });

  it('refuses a body that breaks the structure rules before calling CloudWatch', async () => {
    const tooMany = { ...dashboard, panels: Array.from({ length: 1 }, () => ({ ...dashboard.panels[0], gridPos: { x: 0, y: -1, w: 12, h: 6 } })) };
    await expect(publisher().publish('bad', tooMany)).rejects.toThrow(/bad does not render to a valid CloudWatch body: widgets\[0\]: y -1/);
    expect(cw.commandCalls(PutDashboardCommand)).toHaveLength(0);
  });

  it('leaves dashboards with deploy-time placeholders to the CDK app', async () => {
    const withPlaceholder: Dashboard = { ...dashboard, panels: [{ id: 1, title: 'Errors', type: 'timeseries', gridPos: { x: 0, y: 0, w: 12, h: 6 }, queries: [{ refId: 'A', kind: 'cloudwatch', cloudwatch: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: '${fn:api}' } } }] }] };
    await expect(publisher().publish('platform-health', withPlaceholder)).rejects.toThrow(/placeholder \$\{fn:api\}/);
    expect(cw.commandCalls(PutDashboardCommand)).toHaveLength(0);
  });

  it('deletes the view on unpublish and takes an absent one in its stride', async () => {
    cw.on(DeleteDashboardsCommand).resolvesOnce({}).rejectsOnce(Object.assign(new Error('gone'), { name: 'ResourceNotFound' })).rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await publisher().unpublish('checkout');
    expect(cw.commandCalls(DeleteDashboardsCommand)[0].args[0].input).toEqual({ DashboardNames: ['obs-checkout'] });
    await expect(publisher().unpublish('checkout')).resolves.toBeUndefined();
    await expect(publisher().unpublish('checkout')).rejects.toThrow('denied');
  });

  it('is what the api function uses when its environment names the datasource; nothing is published locally', () => {
    useDashboardPublisher(undefined);
    expect(dashboardPublisher({})).toBe(noPublishing);
    useDashboardPublisher(undefined);
    expect(dashboardPublisher({ DASHBOARD_DATASOURCE_FUNCTION: 'obs-metrics-datasource', AWS_LAMBDA_FUNCTION_NAME: 'obs-api', AWS_REGION: 'eu-west-1' })).toBeInstanceOf(CloudWatchDashboardPublisher);
    useDashboardPublisher(undefined);
  });
});
