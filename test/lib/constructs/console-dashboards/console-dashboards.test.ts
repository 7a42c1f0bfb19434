import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ConsoleDashboards } from '../../../../lib/constructs/console-dashboards/console-dashboards';
import { DashboardTemplate } from '../../../../lib/constructs/console-dashboards/dashboard-template';
import { cloudWatchBodyProblems } from '../../../../lambdas/core/dashboards/cloudwatch-body-rules';
import type { CloudWatchDashboardBody } from '../../../../lambdas/core/dashboards/cloudwatch-body';

const created: string[] = [];

function writeDir(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboards-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

describe('ConsoleDashboards', () => {
  afterAll(() => {
    for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates one dashboard per CloudWatch body and skips files in the platform model', () => {
    const dir = writeDir({
      'health.json': { widgets: [{ type: 'metric', x: 0, y: 0, width: 24, height: 6, properties: { region: '${region}', metrics: [['AWS/Lambda', 'Errors', 'FunctionName', '${fn:api}']] } }] },
      'service-overview.json': { title: 'Service overview', panels: [{ query: 'up' }] },
      'notes.txt': 'not json',
    });
    const stack = new Stack(new App(), 'S');
    const dashboards = new ConsoleDashboards(stack, 'D', { prefix: 'obs', tokens: { 'fn:api': 'obs-api' }, directory: dir });
    expect(Object.keys(dashboards.dashboards)).toEqual(['health']);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(body).toContain('obs-health');
    expect(body).toContain('obs-api');
    expect(body).toContain('AWS::Region');
  });

  it('fails synthesis naming the file when a dashboard is not valid JSON or breaks the grid', () => {
    const broken = writeDir({ 'broken.json': '{ "widgets": [' });
    expect(() => new ConsoleDashboards(new Stack(new App(), 'S'), 'D', { prefix: 'obs', tokens: {}, directory: broken })).toThrow(/broken\.json: not valid JSON/);
    const wide = writeDir({ 'wide.json': { widgets: [{ type: 'text', x: 20, y: 0, width: 6, height: 2 }] } });
    expect(() => new ConsoleDashboards(new Stack(new App(), 'S'), 'D', { prefix: 'obs', tokens: {}, directory: wide })).toThrow(/wide\.json: widget 0: x \+ width = 26/);
  });

  it('keeps the shipped dashboards/platform-health.json inside the grid with known placeholders only', () => {
    const file = path.join(__dirname, '..', '..', '..', '..', 'dashboards', 'platform-health.json');
    const body = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(DashboardTemplate.isCloudWatchBody(body)).toBe(true);
    const placeholders = new Set([...fs.readFileSync(file, 'utf8').matchAll(/\$\{([a-z:-]+)\}/g)].map((m) => m[1]));
    const tokens = Object.fromEntries([...placeholders].map((p) => [p, `<${p}>`]));
    expect(() => DashboardTemplate.render(body, tokens, file)).not.toThrow();
    expect([...placeholders].filter((p) => !/^(fn|stream|queue):|^(api|stage|region)$/.test(p))).toEqual([]);
  });

  it('renders each dashboard in the platform model to a CloudWatch body with LAMBDA() expressions', () => {
    const model = {
      schemaVersion: 1,
      title: 'Service',
      variables: [{ name: 'service', type: 'custom', options: ['checkout', 'cart'] }],
      panels: [
        { id: 1, title: 'Rate', type: 'timeseries', gridPos: { x: 0, y: 0, w: 12, h: 8 }, queries: [{ refId: 'A', kind: 'promql', expr: 'sum(rate(traces_spanmetrics_calls_total{service="$service"}[5m]))', legendFormat: '{{service}}' }] },
        { id: 2, title: 'Errors', type: 'timeseries', gridPos: { x: 12, y: 0, w: 12, h: 8 }, queries: [{ refId: 'A', kind: 'cloudwatch', cloudwatch: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: '${fn:api}' }, stat: 'Sum' } }] },
      ],
    };
    const dir = writeDir({ 'svc.dashboard.json': model, 'notes.json': { title: 'not a dashboard' } });
    const stack = new Stack(new App(), 'S');
    const dashboards = new ConsoleDashboards(stack, 'D', { prefix: 'obs', tokens: { 'fn:api': 'obs-api', 'fn:metrics-datasource': 'obs-metrics-datasource' }, directory: dir });
    expect(Object.keys(dashboards.dashboards)).toEqual(['svc']);
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
    expect(resource.Properties.DashboardName).toBe('obs-svc');
    const body = resolvedBody(resource.Properties.DashboardBody);
    expect(cloudWatchBodyProblems(body)).toEqual([]);
    const metrics = body.widgets.map((w) => (w.properties as { metrics: unknown[][] }).metrics[0]);
    expect(metrics[0]).toEqual([expect.objectContaining({ expression: 'LAMBDA("obs-metrics-datasource", "sum(rate(traces_spanmetrics_calls_total{service=`checkout`}[5m]))", "{{service}}")' })]);
    expect(metrics[1].slice(0, 4)).toEqual(['AWS/Lambda', 'Errors', 'FunctionName', 'obs-api']);
    expect(body.widgets[1].properties.region).toBe('<region>');
  });

  it('fails synthesis naming the file when a model dashboard does not pass the schema', () => {
    const dir = writeDir({ 'bad.dashboard.json': { schemaVersion: 1, title: 'Bad', panels: [{ id: 1, title: 'x', type: 'pie', gridPos: { x: 0, y: 0, w: 4, h: 4 }, queries: [] }] } });
    expect(() => new ConsoleDashboards(new Stack(new App(), 'S'), 'D', { prefix: 'obs', tokens: {}, directory: dir })).toThrow(/bad\.dashboard\.json: not a valid dashboard: \/panels\/0\/type/);
  });

  it('turns every shipped dashboard into an AWS::CloudWatch::Dashboard whose body passes the structure rules', () => {
    const shipped = path.join(__dirname, '..', '..', '..', '..', 'dashboards');
    const text = fs.readdirSync(shipped).map((f) => fs.readFileSync(path.join(shipped, f), 'utf8')).join('\n');
    const tokens = Object.fromEntries([...text.matchAll(/\$\{((?:fn|stream|queue):[a-z0-9-]+|api|stage)\}/g)].map((m) => [m[1], `<${m[1]}>`]));
    tokens['fn:metrics-datasource'] = 'obs-metrics-datasource';
    const stack = new Stack(new App(), 'S');
    const dashboards = new ConsoleDashboards(stack, 'D', { prefix: 'obs', tokens });
    expect(Object.keys(dashboards.dashboards)).toEqual(['ai-operations', 'business-kpis', 'infrastructure', 'platform-health', 'service-overview', 'slo-overview']);
    const resources = Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard');
    expect(Object.keys(resources)).toHaveLength(6);
    for (const r of Object.values(resources)) {
      const body = resolvedBody(r.Properties.DashboardBody);
      expect({ name: r.Properties.DashboardName, problems: cloudWatchBodyProblems(body) }).toEqual({ name: r.Properties.DashboardName, problems: [] });
      expect(JSON.stringify(body)).not.toMatch(/\$\{(fn|stream|queue|region|api|stage)/);
    }
    const slo = JSON.stringify(resolvedBody(Object.values(resources).find((r) => r.Properties.DashboardName === 'obs-slo-overview')!.Properties.DashboardBody));
    expect(slo).toContain('LAMBDA(\\"obs-metrics-datasource\\", \\"slo:sli_error:ratio_rate5m{slo=~`.*`}\\"');
  });
});

/** The body of a synthesized dashboard, with the region reference written as `<region>`. */
function resolvedBody(dashboardBody: unknown): CloudWatchDashboardBody {
  const joined = dashboardBody as { 'Fn::Join'?: [string, unknown[]] } | string;
  const text = typeof joined === 'string' ? joined : joined['Fn::Join']![1].map((part) => (typeof part === 'string' ? part : '<region>')).join('');
  return JSON.parse(text) as CloudWatchDashboardBody;
}

