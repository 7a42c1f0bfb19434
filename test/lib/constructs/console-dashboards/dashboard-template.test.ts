import { DashboardTemplate } from '../../../../lib/constructs/console-dashboards/dashboard-template';

const TOKENS = { 'fn:api': 'obs-api', 'stream:metrics': 'obs-metrics', 'queue:metrics-dlq': 'obs-metrics-dlq', api: 'obs-api', stage: 'prod', region: 'eu-west-1' };

describe('DashboardTemplate', () => {
  it('tells CloudWatch bodies (with widgets) from the platform dashboard model', () => {
    expect(DashboardTemplate.isCloudWatchBody({ widgets: [] })).toBe(true);
    expect(DashboardTemplate.isCloudWatchBody({ title: 'x', panels: [] })).toBe(false);
    expect(DashboardTemplate.isCloudWatchBody([])).toBe(false);
    expect(DashboardTemplate.isCloudWatchBody(null)).toBe(false);
  });

  it('replaces placeholders everywhere in the body, leaving other text alone', () => {
    const body = {
      widgets: [
        {
          type: 'metric',
          x: 0,
          y: 0,
          width: 12,
          height: 6,
          properties: {
            title: 'Lag of ${stream:metrics} (cost: $5)',
            region: '${region}',
            metrics: [
              ['AWS/Lambda', 'Errors', 'FunctionName', '${fn:api}', { stat: 'Sum' }],
              ['AWS/ApiGateway', '5XXError', 'ApiName', '${api}', 'Stage', '${stage}'],
              ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', '${queue:metrics-dlq}'],
            ],
          },
        },
      ],
    };
    const rendered = DashboardTemplate.render(body, TOKENS, 'x.json');
    expect(rendered.widgets[0]).toEqual({
      type: 'metric',
      x: 0,
      y: 0,
      width: 12,
      height: 6,
      properties: {
        title: 'Lag of obs-metrics (cost: $5)',
        region: 'eu-west-1',
        metrics: [
          ['AWS/Lambda', 'Errors', 'FunctionName', 'obs-api', { stat: 'Sum' }],
          ['AWS/ApiGateway', '5XXError', 'ApiName', 'obs-api', 'Stage', 'prod'],
          ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', 'obs-metrics-dlq'],
        ],
      },
    });
    // The input is not modified.
    expect(body.widgets[0].properties.region).toBe('${region}');
  });

  it('names the file and the placeholder when a placeholder is unknown', () => {
    const body = { widgets: [{ type: 'text', x: 0, y: 0, width: 6, height: 2, properties: { markdown: '${fn:nope}' } }] };
    expect(() => DashboardTemplate.render(body, TOKENS, 'health.json')).toThrow(/health\.json: unknown placeholder \$\{fn:nope\}; known: api, fn:api/);
  });

  it.each([
    [{ type: 'metric', x: 18, y: 0, width: 8, height: 6 }, /widget 0: x \+ width = 26 exceeds the 24-column grid/],
    [{ type: 'metric', x: 0, y: 0, width: 25, height: 6 }, /widget 0: width=25 must be an integer from 1 to 24/],
    [{ type: 'metric', x: 0, y: 0, width: 0, height: 6 }, /width=0/],
    [{ type: 'metric', x: -1, y: 0, width: 6, height: 6 }, /x=-1 must be an integer >= 0/],
    [{ type: 'metric', x: 0, y: 0, width: 6, height: 0 }, /height=0/],
    [{ x: 0, y: 0, width: 6, height: 6 }, /widget 0 has no type/],
  ])('rejects a widget outside the grid: %j', (widget, message) => {
    expect(() => DashboardTemplate.render({ widgets: [widget] }, TOKENS, 'bad.json')).toThrow(message);
  });

  it('accepts a widget that ends exactly at column 24', () => {
    const widget = { type: 'text', x: 16, y: 0, width: 8, height: 2, properties: { markdown: 'ok' } };
    expect(DashboardTemplate.render({ widgets: [widget] }, TOKENS, 'ok.json').widgets).toHaveLength(1);
  });
});
