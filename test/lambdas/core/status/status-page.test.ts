import { renderStatusPage } from '../../../../lambdas/core/status/status-page';
import { buildSlaReport, slaReportCsv, slaReportHtml } from '../../../../lambdas/core/slo/sla-report';

describe('status page', () => {
  it('shows the worst state, 90 uptime bars per service and open incidents, escaped', () => {
    const days = Array.from({ length: 90 }, (_, i) => ({ day: `2026-08-${String((i % 28) + 1).padStart(2, '0')}`, uptime: i === 89 ? 0.5 : 1 }));
    const html = renderStatusPage({
      title: 'Acme <status>',
      generatedAt: 0,
      services: [
        { service: 'api', state: 'outage', days },
        { service: 'web', state: 'operational', days: days.map((d) => ({ ...d, uptime: 1 })) },
      ],
      incidents: [{ title: 'API down', service: 'api', startedAt: 0, severity: 'critical' }],
    });
    expect(html).toContain('data-overall="outage"');
    expect(html).toContain('Acme &lt;status&gt;');
    expect(html.match(/class="bar"/g)).toHaveLength(180);
    expect(html).toContain('<strong>API down</strong>');
    expect(html).not.toContain('<script');
  });

  it('is operational when every service is', () => {
    const html = renderStatusPage({ title: 's', generatedAt: 0, services: [{ service: 'a', state: 'operational', days: [] }], incidents: [] });
    expect(html).toContain('All systems operational');
    expect(html).toContain('No open incidents.');
  });
});

describe('SLA reports', () => {
  it('computes attainment, downtime minutes and violations, and renders CSV and HTML', () => {
    const minutes = Array.from({ length: 1000 }, (_, i) => (i < 3 ? { good: 50, total: 100 } : i < 10 ? { good: 0, total: 0 } : { good: 100, total: 100 }));
    const report = buildSlaReport('2026-10', [{ sloId: 'api', name: 'API, "core"', service: 'api', objective: 0.999, minutes, incidents: 2 }], 0);
    const line = report.lines[0];
    // 150 bad of 99,300 events: 99.849% < 99.9%.
    expect(line.attainment).toBeCloseTo(1 - 150 / 99_300, 12);
    expect(line).toMatchObject({ downtimeMinutes: 3, incidents: 2, violated: true, state: 'breached' });
    expect(slaReportCsv(report)).toBe(
      'period,slo,name,service,objective_percent,attainment_percent,state,downtime_minutes,incidents,violated\r\n' +
        `2026-10,api,"API, ""core""",api,99.9,${((1 - 150 / 99_300) * 100).toFixed(4)},breached,3,2,true\r\n`,
    );
    expect(slaReportHtml(report)).toContain('<tr class="violated">');
    expect(() => buildSlaReport('2026-13', [], 0)).toThrow(RangeError);
  });
});
