import { detectFlapping, noisiestRules, responseMetrics, responseMetricsBy, type AlertTransition } from '../../../../../lambdas/core/alerting/analytics/alert-analytics';

const M = 60_000;

describe('alert analytics', () => {
  const incidents = [
    { id: '1', service: 'api', triggeredAt: 0, acknowledgedAt: 5 * M, resolvedAt: 30 * M },
    { id: '2', service: 'api', triggeredAt: 100 * M, acknowledgedAt: 115 * M, resolvedAt: 160 * M },
    { id: '3', service: 'db', triggeredAt: 200 * M, resolvedAt: 210 * M },
    { id: '4', service: 'db', triggeredAt: 300 * M },
    { id: '5', service: 'db', triggeredAt: 400 * M, acknowledgedAt: 390 * M },
  ];

  it('computes MTTA and MTTR, ignoring missing and impossible times', () => {
    const m = responseMetrics(incidents);
    expect(m).toMatchObject({ incidents: 5, acknowledged: 2, resolved: 3 });
    expect(m.mttaMs).toBe(10 * M);
    expect(m.mttrMs).toBe((30 + 60 + 10) * M / 3);
    expect(m.medianTtrMs).toBe(30 * M);
    expect(responseMetrics(incidents, { from: 150 * M }).mttaMs).toBeUndefined();
    const by = responseMetricsBy(incidents, (i) => i.service);
    expect([...by.keys()]).toEqual(['api', 'db']);
    expect(by.get('api')!.mttrMs).toBe(45 * M);
  });

  it('ranks the noisiest rules by firings', () => {
    const t: AlertTransition[] = [];
    for (let i = 0; i < 5; i++) t.push({ key: 'cpu/a', rule: 'HighCpu', state: i % 2 ? 'resolved' : 'firing', at: i * M });
    t.push({ key: 'disk/a', rule: 'DiskFull', state: 'firing', at: 0 }, { key: 'disk/b', rule: 'DiskFull', state: 'firing', at: 0 }, { key: 'disk/b', rule: 'DiskFull', state: 'firing', at: M });
    const n = noisiestRules(t);
    expect(n.map((r) => [r.rule, r.firings, r.alerts])).toEqual([['HighCpu', 3, 1], ['DiskFull', 2, 2]]);
    expect(n[0].share).toBeCloseTo(0.6);
  });

  it('flags alerts that change state often within a window, and not steady ones', () => {
    const t: AlertTransition[] = [];
    for (let i = 0; i < 10; i++) t.push({ key: 'flappy', rule: 'R', state: i % 2 ? 'resolved' : 'firing', at: i * 5 * M });
    for (let i = 0; i < 10; i++) t.push({ key: 'slow', rule: 'R', state: i % 2 ? 'resolved' : 'firing', at: i * 2 * 3_600_000 });
    t.push({ key: 'steady', rule: 'S', state: 'firing', at: 0 }, { key: 'steady', rule: 'S', state: 'firing', at: 5 * M });
    const f = detectFlapping(t, { windowMs: 60 * M, minChanges: 6 });
    expect(f).toEqual([{ key: 'flappy', rule: 'R', changes: 9, windowStart: 5 * M, windowEnd: 45 * M }]);
  });
});
