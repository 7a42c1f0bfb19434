import type { Dashboard } from '../../../../lambdas/core/dashboards/dashboard-model';
import { cloudWatchBodyProblems } from '../../../../lambdas/core/dashboards/cloudwatch-body-rules';
import { renderCloudWatchBody } from '../../../../lambdas/core/dashboards/cloudwatch-body';
import { interpolate } from '../../../../lambdas/core/dashboards/interpolate';
import { lambdaExpression, promqlWithoutDoubleQuotes } from '../../../../lambdas/core/dashboards/lambda-expression';
import { validateDashboard } from '../../../../lambdas/core/dashboards/validate-dashboard';

const ctx = { rangeMs: 3_600_000, intervalMs: 15_000, scrapeIntervalMs: 15_000 };

const sample: Dashboard = {
  schemaVersion: 1,
  title: 'Checkout',
  tags: ['team-a'],
  timeRange: { from: 'now-6h', to: 'now' },
  variables: [{ name: 'svc', type: 'custom', options: ['checkout', 'cart'] }, { name: 'pod', type: 'query', query: 'label_values(up, pod)' }],
  panels: [
    { id: 1, title: 'Notes', type: 'text', gridPos: { x: 0, y: 0, w: 24, h: 2 }, queries: [], content: '# Runbook' },
    {
      id: 2,
      title: 'Rate',
      type: 'timeseries',
      gridPos: { x: 0, y: 2, w: 12, h: 8 },
      queries: [{ refId: 'A', kind: 'promql', expr: 'sum by (code) (rate(http_requests_total{service="$svc", pod="$pod"}[$__rate_interval]))', legendFormat: '{{code}}' }],
      thresholds: [{ value: null, color: 'green' }, { value: 100, color: 'red' }],
    },
    { id: 3, title: 'CPU', type: 'gauge', gridPos: { x: 12, y: 2, w: 6, h: 8 }, queries: [{ refId: 'A', kind: 'cloudwatch', cloudwatch: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'api' }, stat: 'Sum' } }] },
    { id: 4, title: 'Errors', type: 'logs', gridPos: { x: 18, y: 2, w: 6, h: 8 }, queries: [{ refId: 'A', kind: 'logs', expr: 'service:checkout AND "timeout"' }] },
    { id: 5, title: 'Traces', type: 'traces', gridPos: { x: 0, y: 10, w: 24, h: 8 }, queries: [{ refId: 'A', kind: 'traces', expr: 'service=checkout' }] },
  ],
};

describe('dashboard model validation', () => {
  it('accepts a valid dashboard and fills defaults', () => {
    const { dashboard, problems } = validateDashboard({ schemaVersion: 1, title: 'x', panels: [] });
    expect(problems).toEqual([]);
    expect(dashboard).toMatchObject({ tags: [], variables: [], timeRange: { from: 'now-6h', to: 'now' } });
    expect(validateDashboard({ title: 'minimal' }).dashboard).toMatchObject({ schemaVersion: 1, panels: [], tags: [] });
    expect(validateDashboard(sample).problems).toEqual([]);
  });

  it('names what is wrong: schema errors, grid bounds, duplicate ids, queries without expressions', () => {
    expect(validateDashboard({ schemaVersion: 2, panels: [], extra: 1 }).problems.map((p) => p.message)).toEqual(
      expect.arrayContaining(["must have required property 'title'", 'must be equal to constant', 'unknown field "extra"']),
    );
    const bad = {
      ...sample,
      panels: [
        { ...sample.panels[1], gridPos: { x: 20, y: 0, w: 8, h: 4 } },
        { ...sample.panels[1], queries: [{ refId: 'A', kind: 'promql' }] },
      ],
    };
    expect(validateDashboard(bad).problems).toEqual([
      { path: '/panels/0/gridPos', message: 'x + w is 28, past the 24-column grid' },
      { path: '/panels/1/id', message: 'panel id 2 is used twice' },
      { path: '/panels/1/queries/0', message: 'a promql query needs "expr"' },
    ]);
  });
});

describe('variables and Grafana macros', () => {
  it('interpolates single, multi and built-in values the way Grafana does for Prometheus', () => {
    const values = { job: 'node', inst: ['a:9100', 'b.c:9100'] };
    expect(interpolate('up{job="$job",instance=~"$inst"}[$__rate_interval]', values, ctx)).toBe('up{job="node",instance=~"(a:9100|b\\.c:9100)"}[1m]');
    expect(interpolate('x{j="${job}", k="[[job]]"} $__range $__interval ${inst:csv} $unknown', values, ctx)).toBe('x{j="node", k="node"} 1h 15s a:9100,b.c:9100 $unknown');
  });
});

describe('CloudWatch console views', () => {
  it('quotes PromQL so no double quote is left and LAMBDA sees one argument', () => {
    expect(promqlWithoutDoubleQuotes('rate(x{a="b\\\\.c", d=\'e\'}[5m]) # comment\n + 1')).toBe('rate(x{a=`b\\.c`, d=`e`}[5m]) + 1');
    expect(lambdaExpression('fn', ['up', '{{job}}'])).toBe('LAMBDA("fn", "up", "{{job}}")');
  });

  it('renders each panel kind into a widget the body rules accept', () => {
    const { body, notes } = renderCloudWatchBody(sample, { datasourceFunction: 'ds', region: 'us-east-1', logGroupPrefix: '/obs/' });
    expect(cloudWatchBodyProblems(body)).toEqual([]);
    expect(body.widgets.map((w) => w.type)).toEqual(['text', 'metric', 'metric', 'log', 'text']);
    const rate = body.widgets[1].properties;
    expect((rate.metrics as any)[0][0].expression).toBe( // eslint-disable-line @typescript-eslint/no-explicit-any
      'LAMBDA("ds", "sum by (code) (rate(http_requests_total{service=`checkout`, pod=~`.*`}[1m27s]))", "{{code}}")',
    );
    expect(rate.annotations).toEqual({ horizontal: [{ value: 100, color: '#d62728', label: '100' }] });
    expect(body.widgets[2].properties.metrics).toEqual([['AWS/Lambda', 'Errors', 'FunctionName', 'api', { stat: 'Sum', period: 300, id: 'q0' }]]);
    expect(body.widgets[2].properties.yAxis).toEqual({ left: { min: 0, max: 100, showUnits: false } });
    expect(body.widgets[3].properties.query).toBe("SOURCE '/obs/checkout' | fields @timestamp, @message | filter @message like /timeout/ | sort @timestamp desc | limit 100");
    expect(notes).toEqual(['panel 5 "Traces": traces panels have no CloudWatch widget; rendered as a link']);
    expect(body.start).toBe('-PT6H');
  });

  it('flags bodies that break the structure rules', () => {
    expect(
      cloudWatchBodyProblems({
        widgets: [
          { type: 'metric', x: 20, y: 0, width: 6, height: 6, properties: { metrics: [[{ expression: 'a\nb', id: 'Q' }]], view: 'gauge' } },
          { type: 'text', x: 0, y: -1, width: 0, height: 0, properties: {} },
        ],
      }),
    ).toEqual([
      'widgets[0]: x + width = 26 > 24',
      'widgets[0]: metric widget without region',
      'widgets[0]: gauge needs yAxis.left min and max',
      'widgets[0]: expression spans lines',
      'widgets[0]: id Q must start with a lowercase letter',
      'widgets[1]: width 0 not in 1..24',
      'widgets[1]: y -1 must be a non-negative integer',
      'widgets[1]: height 0 not in 1..1000',
      'widgets[1]: text widget without markdown',
    ]);
  });
});
