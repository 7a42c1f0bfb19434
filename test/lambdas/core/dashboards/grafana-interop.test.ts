import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloudWatchBodyProblems } from '../../../../lambdas/core/dashboards/cloudwatch-body-rules';
import { renderCloudWatchBody } from '../../../../lambdas/core/dashboards/cloudwatch-body';
import { exportGrafanaDashboard } from '../../../../lambdas/core/dashboards/grafana-export';
import { importGrafanaDashboard } from '../../../../lambdas/core/dashboards/grafana-import';
import { validateDashboard } from '../../../../lambdas/core/dashboards/validate-dashboard';
import { describeWithConformance } from '../../../support/conformance';

describeWithConformance('Grafana "Node Exporter Full" import', ['grafana'], (dir) => {
  const grafana = JSON.parse(readFileSync(join(dir, 'node-exporter-full.json'), 'utf8'));
  const countTargets = (panels: any[]): number => // eslint-disable-line @typescript-eslint/no-explicit-any
    panels.reduce((n, p) => n + (p.type === 'row' ? countTargets(p.panels ?? []) : (p.targets ?? []).filter((t: { expr?: string }) => t.expr).length), 0);
  const { dashboard, notes } = importGrafanaDashboard(grafana);

  it('maps every panel and every PromQL target, with rows as groups and the variables', () => {
    expect(notes).toEqual([]);
    expect(dashboard.panels).toHaveLength(125);
    expect(dashboard.panels.flatMap((p) => p.queries)).toHaveLength(countTargets(grafana.panels));
    expect(countTargets(grafana.panels)).toBe(286);
    expect(dashboard.variables.map((v) => v.name)).toEqual(['job', 'nodename', 'node']);
    expect(dashboard.variables[1].query).toBe('label_values(node_uname_info{job="$job"}, nodename)');
    expect(new Set(dashboard.panels.map((p) => p.group)).size).toBeGreaterThan(10);
    const pressure = dashboard.panels.find((p) => p.id === 323)!;
    expect(pressure).toMatchObject({ type: 'bar', unit: 'percentunit', min: 0, max: 1, decimals: 1 });
    expect(pressure.queries[0]).toMatchObject({ refId: 'A', kind: 'promql', instant: true, legendFormat: 'CPU' });
  });

  it('produces a dashboard the model schema accepts', () => {
    expect(validateDashboard(dashboard).problems).toEqual([]);
  });

  it('round-trips through a Grafana export', () => {
    const again = importGrafanaDashboard(exportGrafanaDashboard(dashboard));
    expect(again.notes).toEqual([]);
    expect(again.dashboard).toEqual(dashboard);
  });

  it('renders a CloudWatch body that follows the documented structure', () => {
    const { body, notes: renderNotes } = renderCloudWatchBody(dashboard, { datasourceFunction: 'obs-metrics-datasource', region: 'eu-west-1', logGroupPrefix: '/observability/services/' });
    expect(cloudWatchBodyProblems(body)).toEqual([]);
    expect(body.widgets).toHaveLength(125);
    expect(renderNotes).toEqual([]);
    const expressions = body.widgets.flatMap((w) => ((w.properties.metrics as unknown[][]) ?? []).map((m) => (m[0] as { expression: string }).expression));
    const hidden = dashboard.panels.flatMap((p) => p.queries).filter((q) => q.hide).length;
    expect(hidden).toBeGreaterThan(0);
    expect(expressions).toHaveLength(286 - hidden);
    for (const e of expressions) {
      expect(e).toMatch(/^LAMBDA\("obs-metrics-datasource", "[^"]*"(, "[^"]*")?\)$/);
      expect(e).not.toMatch(/\$__rate_interval|\$job|\$node\b/);
    }
    expect(body.start).toBe('-PT24H');
  });
});
