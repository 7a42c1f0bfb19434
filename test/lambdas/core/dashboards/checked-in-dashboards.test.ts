import * as fs from 'fs';
import * as path from 'path';
import { BUILTIN_DASHBOARDS } from '../../../../lambdas/api/routes/builtin-dashboards';
import { cloudWatchBodyProblems } from '../../../../lambdas/core/dashboards/cloudwatch-body-rules';
import { renderCloudWatchBody } from '../../../../lambdas/core/dashboards/cloudwatch-body';
import { interpolate } from '../../../../lambdas/core/dashboards/interpolate';
import { validateDashboard } from '../../../../lambdas/core/dashboards/validate-dashboard';
import { parsePromql } from '../../../../lambdas/core/promql/parser';

const DIR = path.resolve(__dirname, '..', '..', '..', '..', 'dashboards');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.dashboard.json')).sort();
const ctx = { rangeMs: 3_600_000, intervalMs: 60_000, scrapeIntervalMs: 15_000 };

describe('the checked-in dashboards (dashboards/*.dashboard.json)', () => {
  it('are the six of the issue, all served by the API', () => {
    expect(files.map((f) => f.replace('.dashboard.json', ''))).toEqual(['ai-operations', 'business-kpis', 'infrastructure', 'platform-health', 'service-overview', 'slo-overview']);
    expect(Object.keys(BUILTIN_DASHBOARDS).sort()).toEqual(files.map((f) => f.replace('.dashboard.json', '')));
  });

  it.each(files)('%s validates against the schema, every PromQL query parses, and it renders to a valid CloudWatch body', (file) => {
    const json = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
    const { dashboard, problems } = validateDashboard(json);
    expect(problems).toEqual([]);
    const values = Object.fromEntries(dashboard!.variables.map((v) => [v.name, v.type === 'query' ? (v.allValue ?? 'x') : (v.query ?? v.options?.[0] ?? 'x')]));
    for (const p of dashboard!.panels) {
      for (const q of p.queries.filter((x) => x.kind === 'promql')) {
        expect(() => parsePromql(interpolate(q.expr!, values, ctx))).not.toThrow();
      }
    }
    const { body } = renderCloudWatchBody(dashboard!, { datasourceFunction: 'obs-metrics-datasource', region: 'eu-west-1', logGroupPrefix: '/obs/' });
    expect(cloudWatchBodyProblems(body)).toEqual([]);
    expect(body.widgets).toHaveLength(dashboard!.panels.length);
  });

  it('use the series names the other capabilities define', () => {
    const text = (id: string) => JSON.stringify(BUILTIN_DASHBOARDS[id]);
    for (const name of ['traces_spanmetrics_calls_total', 'traces_spanmetrics_latency_bucket', 'traces_service_graph_request_total']) expect(text('service-overview')).toContain(name);
    expect(BUILTIN_DASHBOARDS['service-overview'].variables.map((v) => v.name)).toContain('service');
    for (const name of ['slo:sli_error:ratio_rate5m', 'ALERTS{alertname=~\\"SLOErrorBudget.*\\"']) expect(text('slo-overview')).toContain(name);
    for (const name of ['gen_ai_client_operation_duration_seconds', 'gen_ai_client_token_usage', 'gen_ai_token_type', 'Cost in range']) expect(text('ai-operations')).toContain(name);
    for (const name of ['node_cpu_seconds_total', 'node_memory_MemAvailable_bytes', 'node_filesystem_avail_bytes', 'node_network_receive_bytes_total']) expect(text('infrastructure')).toContain(name);
  });
});
