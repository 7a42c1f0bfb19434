import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ConsoleDashboards } from '../../../../lib/constructs/console-dashboards/console-dashboards';
import { DashboardTemplate } from '../../../../lib/constructs/console-dashboards/dashboard-template';

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
});
