import type { Dashboard } from '../../../../lambdas/core/dashboards/dashboard-model';
import type { DashboardPublisher } from '../../../../lambdas/core/dashboards/dashboard-publisher';
import { useDashboardPublisher } from '../../../../lambdas/api/routes/dashboard-publishing';
import type { Series } from '../../../../lambdas/core/domain/series';
import { call, request, testPorts } from '../api-test-kit';

const NOW = Date.parse('2026-11-22T12:00:00Z');

function model(title: string, extra: Partial<Dashboard> = {}): Record<string, unknown> {
  return {
    schemaVersion: 1,
    title,
    tags: ['team-a'],
    panels: [{ id: 1, title: 'Up', type: 'stat', gridPos: { x: 0, y: 0, w: 6, h: 4 }, queries: [{ refId: 'A', kind: 'promql', expr: 'up' }] }],
    ...extra,
  };
}

/** A counter per (job, instance) growing `perSecond` each second, one sample every 15 s over the last 2 h. */
function counters(name: string, perSecond: Record<string, number>): Series[] {
  return Object.entries(perSecond).map(([instance, rate]) => {
    const samples = [];
    for (let t = NOW - 2 * 3_600_000; t <= NOW; t += 15_000) samples.push({ timestamp: t, value: ((t - (NOW - 2 * 3_600_000)) / 1000) * rate });
    return { labels: { __name__: name, job: 'node', instance }, samples };
  });
}

describe('dashboard routes', () => {
  const published: string[] = [];
  beforeAll(() => {
    const recorder: DashboardPublisher = {
      async publish(id) {
        published.push(`put ${id}`);
      },
      async unpublish(id) {
        published.push(`delete ${id}`);
      },
    };
    useDashboardPublisher(recorder);
  });
  afterAll(() => useDashboardPublisher(undefined));

  it('validates bodies against the model: 400 with the problem list in details', async () => {
    const { ports } = testPorts(NOW);
    const bad = await call(ports, request('POST', '/monitoring/dashboards', {
      body: model('Bad', { panels: [{ id: 1, title: 'Wide', type: 'timeseries', gridPos: { x: 20, y: 0, w: 8, h: 4 }, queries: [] }] as never }),
    }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: '/panels/0/gridPos', message: expect.stringContaining('24-column') })]);
    const unknownType = await call(ports, request('POST', '/monitoring/dashboards', { body: model('X', { panels: [{ id: 1, title: 'p', type: 'pie', gridPos: { x: 0, y: 0, w: 4, h: 4 }, queries: [] }] as never }) }));
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.details[0].path).toBe('/panels/0/type');
  });

  it('keeps the edit version apart from schemaVersion, and of two concurrent edits exactly one wins', async () => {
    const { ports } = testPorts(NOW);
    const created = await call(ports, request('POST', '/monitoring/dashboards', { body: { id: 'ops', ...model('Ops') } }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'ops', uid: 'ops', version: 1, schemaVersion: 1, timeRange: { from: 'now-6h', to: 'now' }, variables: [] });
    expect(published).toContain('put ops');
    const edits = await Promise.all([
      call(ports, request('PUT', '/monitoring/dashboards/ops', { body: { ...model('Edit A'), version: 1 } })),
      call(ports, request('PUT', '/monitoring/dashboards/ops', { body: model('Edit B'), headers: { 'If-Match': '"1"' } })),
    ]);
    expect(edits.map((e) => e.status).sort()).toEqual([200, 409]);
    const winner = edits.find((e) => e.status === 200)!;
    expect(winner.body.version).toBe(2);
    expect(winner.body.schemaVersion).toBe(1);
    const got = await call(ports, request('GET', '/monitoring/dashboards/ops'));
    expect(got.body.title).toBe(winner.body.title);
    expect((await call(ports, request('DELETE', '/monitoring/dashboards/ops?version=2'))).status).toBe(204);
    expect(published).toContain('delete ops');
  });

  it('seeds the checked-in dashboards and lists with search by title and tag, paging', async () => {
    const { ports } = testPorts(NOW);
    for (const [id, title, tags] of [['a1', 'Alpha API', ['api']], ['a2', 'Alpha DB', ['db']], ['b1', 'Beta API', ['api', 'beta']]] as const) {
      await call(ports, request('POST', '/monitoring/dashboards', { body: { id, ...model(title, { tags: [...tags] }) } }));
    }
    const all = await call(ports, request('GET', '/monitoring/dashboards?limit=1000'));
    const ids = all.body.items.map((i: { id: string }) => i.id);
    for (const seeded of ['platform-health', 'service-overview', 'infrastructure', 'slo-overview', 'ai-operations', 'business-kpis']) expect(ids).toContain(seeded);
    expect(all.body.items.find((i: { id: string }) => i.id === 'a1')).toMatchObject({ title: 'Alpha API', tags: ['api'], panelCount: 1, version: 1 });
    const alpha = await call(ports, request('GET', '/monitoring/dashboards?q=alpha'));
    expect(alpha.body.items.map((i: { id: string }) => i.id)).toEqual(['a1', 'a2']);
    const api = await call(ports, request('GET', '/monitoring/dashboards?tag=api'));
    expect(api.body.items.map((i: { id: string }) => i.id)).toEqual(['a1', 'b1']);
    expect((await call(ports, request('GET', '/monitoring/dashboards?tag=api&tag=beta'))).body.items.map((i: { id: string }) => i.id)).toEqual(['b1']);
    // Paging with a filter: one at a time, the cursor resumes right after the last one read.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(ports, request('GET', `/monitoring/dashboards?q=api&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['a1', 'b1']);
  });

  it('renders every panel in one response: PromQL in parallel, variables (multi, all), per-panel errors, cache', async () => {
    const { ports, clock, logs } = testPorts(NOW);
    await ports.metrics.write(counters('node_cpu_seconds_total', { 'h1:9100': 1, 'h2:9100': 3, 'h3:9100': 5 }));
    await logs.append([{ id: 'l1', timestamp: NOW - 60_000, service: 'api', level: 'error', message: 'boom', attributes: {} }]);
    const d = model('Render', {
      variables: [
        { name: 'instance', type: 'query', query: 'label_values(node_cpu_seconds_total{job="node"}, instance)', multi: true, includeAll: true },
        { name: 'job', type: 'query', query: 'query_result(count by (job) (node_cpu_seconds_total))', regex: '/job="([^"]+)"/' },
      ],
      panels: [
        { id: 1, title: 'Rate by instance', type: 'timeseries', gridPos: { x: 0, y: 0, w: 12, h: 8 }, queries: [{ refId: 'A', kind: 'promql', expr: 'sum by (instance) (rate(node_cpu_seconds_total{job="$job", instance=~"$instance"}[$__rate_interval]))', legendFormat: '{{instance}}' }] },
        { id: 2, title: 'Broken', type: 'stat', gridPos: { x: 12, y: 0, w: 6, h: 4 }, queries: [{ refId: 'A', kind: 'promql', expr: 'sum(rate(node_cpu_seconds_total[5m]' }] },
        { id: 3, title: 'Total', type: 'stat', gridPos: { x: 18, y: 0, w: 6, h: 4 }, queries: [{ refId: 'A', kind: 'promql', expr: 'sum(rate(node_cpu_seconds_total{instance=~"$instance"}[5m]))', instant: true }] },
        { id: 4, title: 'Errors', type: 'logs', gridPos: { x: 0, y: 8, w: 24, h: 6 }, queries: [{ refId: 'A', kind: 'logs', expr: 'service:api level:error' }] },
        { id: 5, title: 'Note', type: 'text', gridPos: { x: 0, y: 14, w: 24, h: 2 }, content: 'Hosts: $instance', queries: [] },
      ] as never,
    });
    await call(ports, request('POST', '/monitoring/dashboards', { body: { id: 'r', ...d } }));
    const from = (NOW - 3_600_000) / 1000;
    const url = `/monitoring/dashboards/r/render?from=${from}&to=${NOW / 1000}&var-instance=h1:9100&var-instance=h3:9100`;
    const res = await call(ports, request('GET', url));
    expect(res.status).toBe(200);
    expect(res.body.cached).toBe(false);
    expect(res.body.variables).toEqual([
      { name: 'instance', options: ['h1:9100', 'h2:9100', 'h3:9100'], current: ['h1:9100', 'h3:9100'] },
      { name: 'job', options: ['node'], current: ['node'] },
    ]);
    const [rate, broken, total, logPanel, text] = res.body.panels;
    const q = rate.queries[0];
    expect(q.expr).toBe('sum by (instance) (rate(node_cpu_seconds_total{job="node", instance=~"(h1:9100|h3:9100)"}[1m]))');
    expect(q.step).toBe('15s'); // 1 h / 300 points = 12 s, floored at the 15 s scrape interval
    expect(q.timestamps[0]).toBe('2026-11-22T11:00:00.000Z');
    expect(q.series.map((s: { name: string }) => s.name).sort()).toEqual(['h1:9100', 'h3:9100']);
    const h3 = q.series.find((s: { name: string }) => s.name === 'h3:9100');
    expect(h3.values[h3.values.length - 1]).toBeCloseTo(5, 6);
    expect(broken.queries[0].error).toMatch(/.+/);
    expect(total.queries[0].series[0].values[0]).toBeCloseTo(6, 9);
    expect(logPanel.queries[0].logs.map((r: { message: string }) => r.message)).toEqual(['boom']);
    expect(logs.queries.at(-1)).toMatchObject({ service: 'api', level: 'error' });
    expect(text.content).toBe('Hosts: (h1:9100|h3:9100)');

    const again = await call(ports, request('GET', url));
    expect(again.body.cached).toBe(true);
    expect(again.body.panels).toEqual(res.body.panels);
    clock.advance(20_000);
    expect((await call(ports, request('GET', url))).body.cached).toBe(false);
    // "All" stands for every option; an edit (new version) never reads the cached render.
    const all = await call(ports, request('GET', `/monitoring/dashboards/r/render?from=${from}&to=${NOW / 1000}&var-instance=$__all&panel=3`));
    expect(all.body.panels).toHaveLength(1);
    expect(all.body.panels[0].queries[0].series[0].values[0]).toBeCloseTo(9, 9);
  });

  it.each(['platform-health', 'service-overview', 'infrastructure', 'slo-overview', 'ai-operations', 'business-kpis'])('renders the checked-in %s without a query error', async (id) => {
    const { ports } = testPorts(NOW);
    await ports.metrics.write(counters('node_cpu_seconds_total', { 'h1:9100': 1 }));
    const res = await call(ports, request('GET', `/monitoring/dashboards/${id}/render`));
    expect(res.status).toBe(200);
    const errors = res.body.panels.flatMap((p: { title: string; queries: { kind: string; error?: string }[] }) => p.queries.filter((q) => q.error && q.kind !== 'cloudwatch').map((q) => `${p.title}: ${q.error}`));
    expect(errors).toEqual([]);
  });

  it('renders traces panels from the TraceStore and honours a fixed step', async () => {
    const { ports, traces } = testPorts(NOW);
    traces.summaries = [{ traceId: 'a'.repeat(32), rootService: 'checkout', rootName: 'GET /pay', startTime: (NOW - 60_000) * 1000, duration: 750_000, spanCount: 3, errorCount: 1, services: ['checkout', 'db'] }];
    await ports.metrics.write(counters('up_total', { 'h1:9100': 1 }));
    const d = model('Traces', {
      panels: [
        { id: 1, title: 'Slow', type: 'traces', gridPos: { x: 0, y: 0, w: 12, h: 8 }, queries: [{ refId: 'A', kind: 'traces', expr: 'service:checkout minDuration:500ms status:error' }] },
        { id: 2, title: 'Rate', type: 'timeseries', gridPos: { x: 12, y: 0, w: 12, h: 8 }, queries: [{ refId: 'A', kind: 'promql', expr: 'rate(up_total[$__interval])' }] },
      ] as never,
    });
    await call(ports, request('POST', '/monitoring/dashboards', { body: { id: 't', ...d } }));
    const res = await call(ports, request('GET', `/monitoring/dashboards/t/render?from=${(NOW - 1_800_000) / 1000}&to=${NOW / 1000}&step=5m`));
    const [slow, rate] = res.body.panels;
    expect(traces.searches.at(-1)).toMatchObject({ service: 'checkout', minDuration: 500_000, status: 'error', range: { start: NOW - 1_800_000, end: NOW } });
    expect(slow.queries[0].traces[0]).toMatchObject({ rootService: 'checkout', startTime: '2026-11-22T11:59:00.000000Z' });
    expect(rate.queries[0]).toMatchObject({ expr: 'rate(up_total[5m])', step: '5m' });
    expect(rate.queries[0].timestamps).toHaveLength(7);
    expect(rate.queries[0].series[0].values.every((v: number) => Math.abs(v - 1) < 1e-9)).toBe(true);
  });

  it('imports Grafana JSON with notes, exports it back, and answers a valid CloudWatch body', async () => {
    const { ports } = testPorts(NOW);
    const grafana = {
      uid: 'graf-1',
      title: 'From Grafana',
      tags: ['imported'],
      templating: { list: [{ name: 'job', type: 'query', query: 'label_values(up, job)', datasource: { type: 'prometheus', uid: 'p' } }] },
      panels: [
        { id: 1, type: 'timeseries', title: 'Up', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: 'p' }, targets: [{ refId: 'A', expr: 'up{job="$job"}', legendFormat: '{{instance}}' }] },
        { id: 2, type: 'news', title: 'News', gridPos: { x: 12, y: 0, w: 12, h: 8 } },
      ],
    };
    const imported = await call(ports, request('POST', '/monitoring/dashboards/import', { body: { dashboard: grafana } }));
    expect(imported.status).toBe(201);
    expect(imported.body.dashboard).toMatchObject({ id: 'graf-1', title: 'From Grafana', version: 1 });
    expect(imported.body.notes).toEqual([expect.objectContaining({ panelId: 2, reason: expect.stringContaining('news') })]);
    expect((await call(ports, request('POST', '/monitoring/dashboards/import', { body: grafana }))).status).toBe(409);
    expect((await call(ports, request('POST', '/monitoring/dashboards/import', { body: { dashboard: grafana, overwrite: true } }))).body.dashboard.version).toBe(2);

    const exported = await call(ports, request('GET', '/monitoring/dashboards/graf-1/export?format=grafana'));
    expect(exported.status).toBe(200);
    expect(exported.body.uid).toBe('graf-1');
    expect(exported.body.panels.flatMap((p: { targets?: { expr: string }[] }) => p.targets ?? []).map((t: { expr: string }) => t.expr)).toContain('up{job="$job"}');
    expect(exported.body.templating.list.map((v: { name: string }) => v.name)).toContain('job');

    const cw = await call(ports, request('GET', '/monitoring/dashboards/graf-1/cloudwatch?datasourceFunction=obs-metrics-datasource&region=eu-west-1'));
    expect(cw.body.problems).toEqual([]);
    expect(JSON.stringify(cw.body.body)).toContain('LAMBDA(\\"obs-metrics-datasource\\"');
    expect((await call(ports, request('GET', '/monitoring/dashboards/nope/export'))).status).toBe(404);
  });
});
