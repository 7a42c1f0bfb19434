import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalPlatform, type LocalPlatform } from '../../../lambdas/local/local-platform';
import { describeWithConformance } from '../../support/conformance';
import { freePort, prometheusBinary } from '../metrics/prometheus-helpers';

/**
 * Acceptance: the Grafana "Node Exporter Full" dashboard imports through the API, and every
 * panel whose queries are PromQL renders with data from a local platform fed over remote_write
 * by a real Prometheus scraping a real node-exporter. Panels without data must be explained by
 * node-exporter itself: none of the metrics they read is exposed on this host.
 */
const PROMETHEUS = prometheusBinary();
const NODE_EXPORTER = ['/usr/bin/prometheus-node-exporter', '/usr/local/bin/node_exporter'].find((p) => existsSync(p));
const HINT = 'install them with `apt-get install -y prometheus prometheus-node-exporter` (scripts/install-test-peers.sh does in CI)';
if (!PROMETHEUS || !NODE_EXPORTER) console.warn(`Node Exporter Full e2e skipped: prometheus or prometheus-node-exporter is missing; ${HINT}`);
const maybe = PROMETHEUS && NODE_EXPORTER ? describe : describe.skip;

interface Proc {
  readonly url: string;
  readonly output: string[];
  stop(): Promise<void>;
}

async function start(binary: string, args: string[], url: string, ready: string): Promise<Proc> {
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${binary} exited with ${child.exitCode}: ${output.join('')}`);
    try {
      if ((await fetch(`${url}${ready}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${binary} did not become ready: ${output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return { url, output, stop };
}

interface RenderedQuery {
  refId: string;
  kind: string;
  expr?: string;
  step?: string;
  timestamps?: string[];
  series?: { labels: Record<string, string>; values: (number | string | null)[] }[];
  error?: string;
}
interface RenderedPanel {
  id: number;
  title: string;
  type: string;
  queries: RenderedQuery[];
}

/** Metric names an expression reads: identifiers followed by `{`, `[` or a boundary that are not functions or keywords. */
function metricNames(expr: string, known: ReadonlySet<string>): string[] {
  return [...new Set([...expr.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((n) => known.has(n) || /^node_/.test(n)))];
}

describeWithConformance('Node Exporter Full', ['grafana'], (dir) => {
  maybe(`imports and renders with data from a real Prometheus scraping a real node-exporter${PROMETHEUS && NODE_EXPORTER ? '' : ` (skipped: ${HINT})`}`, () => {
    let work: string;
    let platform: LocalPlatform;
    let nodeExporter: Proc;
    let prometheus: Proc;
    let startedAt: number;

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'dash-e2e-'));
      platform = await startLocalPlatform({ dataDir: work, port: 0, schedules: false, log: () => {}, dispatcher: { pollIntervalMs: 20, batchSize: 500 } });
      const nePort = await freePort();
      nodeExporter = await start(NODE_EXPORTER!, [`--web.listen-address=127.0.0.1:${nePort}`], `http://127.0.0.1:${nePort}`, '/metrics');
      const promPort = await freePort();
      const config = [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: node',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${nePort}']`,
        'remote_write:',
        `  - url: ${platform.url}/api/v1/write`,
        '    queue_config:',
        '      batch_send_deadline: 200ms',
        '      min_backoff: 50ms',
        '      max_backoff: 500ms',
      ].join('\n');
      writeFileSync(join(work, 'prometheus.yml'), `${config}\n`);
      startedAt = Date.now();
      prometheus = await start(
        PROMETHEUS!,
        [`--config.file=${join(work, 'prometheus.yml')}`, `--storage.tsdb.path=${join(work, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn'],
        `http://127.0.0.1:${promPort}`,
        '/-/ready',
      );
    }, 60_000);

    afterAll(async () => {
      await prometheus?.stop();
      await nodeExporter?.stop();
      await platform?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('imports every panel and target, and every PromQL panel renders with data or is explained by node-exporter', async () => {
      // Wait until the platform holds a few dozen seconds of node-exporter samples.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const res = await fetch(`${platform.url}/api/v1/query?query=${encodeURIComponent('count_over_time(node_load1[1m])')}`);
        const body = (await res.json()) as { data?: { result: { value: [number, string] }[] } };
        if (Number(body.data?.result[0]?.value[1] ?? 0) >= 15) break;
        if (Date.now() > deadline) throw new Error(`no node-exporter data reached the platform: ${JSON.stringify(body)} ${prometheus.output.join('')}`);
        await new Promise((r) => setTimeout(r, 1000));
      }

      const grafana = JSON.parse(readFileSync(join(dir, 'node-exporter-full.json'), 'utf8'));
      const imported = await fetch(`${platform.url}/monitoring/dashboards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dashboard: grafana }) });
      expect(imported.status).toBe(201);
      const { dashboard, notes } = (await imported.json()) as { dashboard: { id: string; panels: { queries: unknown[] }[] }; notes: { title: string; reason: string }[] };
      expect(dashboard.panels).toHaveLength(125);
      expect(dashboard.panels.reduce((n, p) => n + p.queries.length, 0)).toBe(286);
      if (notes.length) console.log(`not mapped:\n${notes.map((n) => `  ${n.title}: ${n.reason}`).join('\n')}`);

      const now = Date.now();
      // A 5 s step: the data is only seconds old, and a 15 s grid could fall just before its first sample.
      const render = await fetch(`${platform.url}/monitoring/dashboards/${dashboard.id}/render?from=${(startedAt - 5_000) / 1000}&to=${now / 1000}&step=5s`);
      expect(render.status).toBe(200);
      const rendered = (await render.json()) as { variables: { name: string; current: string[] }[]; panels: RenderedPanel[] };
      expect(Object.fromEntries(rendered.variables.map((v) => [v.name, v.current.length]))).toEqual({ job: 1, nodename: 1, node: 1 });
      expect(rendered.variables.find((v) => v.name === 'job')!.current).toEqual(['node']);

      const exposition = await (await fetch(`${nodeExporter.url}/metrics`)).text();
      const exposed = new Set([...exposition.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{|\s)/gm)].map((m) => m[1]));
      const promqlPanels = rendered.panels.filter((p) => p.queries.some((q) => q.kind === 'promql'));
      const errors: string[] = [];
      const unexplained: string[] = [];
      const explained: string[] = [];
      let withData = 0;
      for (const p of promqlPanels) {
        const queries = p.queries.filter((q) => q.kind === 'promql');
        for (const q of queries) if (q.error) errors.push(`${p.id} "${p.title}" ${q.refId}: ${q.error} (${q.expr})`);
        const hasData = queries.some((q) => (q.series ?? []).some((s) => s.values.some((v) => v !== null)));
        if (hasData) {
          withData++;
          continue;
        }
        const names = [...new Set(queries.flatMap((q) => metricNames(q.expr ?? '', exposed)))];
        const present = names.filter((n) => exposed.has(n));
        const why = `${p.id} "${p.title}": no data; reads ${names.join(', ') || '(no metric)'}`;
        // Explained only when node-exporter on this host exposes none of the metrics the panel reads.
        if (present.length === 0) explained.push(`${why} (none exposed by node-exporter on this host)`);
        else unexplained.push(`${why} (exposed: ${present.join(', ')})`);
      }
      console.log(
        `Node Exporter Full: ${promqlPanels.length} PromQL panels, ${withData} with data, ${explained.length} without data explained by node-exporter, ${unexplained.length} unexplained\n` +
          [...explained, ...unexplained].map((l) => `  ${l}`).join('\n'),
      );
      expect(errors).toEqual([]);
      expect(unexplained).toEqual([]);
      expect(withData).toBeGreaterThan(promqlPanels.length / 2);

      // The rendered values are Prometheus' own: gauge expressions (no range function, so no
      // extrapolation at the young data's edge) asked of Prometheus at the rendered timestamps.
      const key = (l: Record<string, string>) => JSON.stringify(Object.entries(l).sort(([a], [b]) => (a < b ? -1 : 1)));
      let compared = 0;
      const mismatches: string[] = [];
      // A fine step, so several rendered timestamps lie inside the young data whatever the grid's phase.
      const fine = await fetch(`${platform.url}/monitoring/dashboards/${dashboard.id}/render?from=${(startedAt - 5_000) / 1000}&to=${now / 1000}&step=2s`);
      const finePanels = ((await fine.json()) as { panels: RenderedPanel[] }).panels.filter((p) => p.queries.some((q) => q.kind === 'promql'));
      for (const p of finePanels) {
        for (const q of p.queries.filter((x) => x.kind === 'promql' && x.timestamps && x.series?.length && !/\[|_over_time|rate|increase|delta|deriv|predict/.test(x.expr ?? ''))) {
          const times = q.timestamps!.map((t) => Date.parse(t));
          let i = times.length - 1;
          while (i >= 0 && times[i] > now - 3000) i--;
          if (i < 0) continue;
          const res = await fetch(`${prometheus.url}/api/v1/query?${new URLSearchParams({ query: q.expr!, time: String(times[i] / 1000) })}`);
          const body = (await res.json()) as { data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
          if (body.data.resultType !== 'vector') continue;
          const want = new Map(body.data.result.map((r) => [key(r.metric), Number(r.value[1])]));
          for (const s of q.series!) {
            const got = s.values[i];
            if (got === null || typeof got !== 'number') continue;
            const w = want.get(key(s.labels));
            compared++;
            if (w === undefined || Math.abs(w - got) > 1e-6 * Math.max(1, Math.abs(w))) mismatches.push(`${p.title} ${q.refId} ${key(s.labels)}: platform ${got}, prometheus ${w}`);
          }
        }
      }
      console.log(`compared ${compared} rendered values with Prometheus' own answers`);
      expect(mismatches).toEqual([]);
      expect(compared).toBeGreaterThan(50);

      // The checked-in `infrastructure` dashboard reads the same node-exporter series: every panel has data.
      const infra = await fetch(`${platform.url}/monitoring/dashboards/infrastructure/render?from=${(startedAt - 5_000) / 1000}&to=${now / 1000}&step=5s`);
      const infraPanels = ((await infra.json()) as { panels: RenderedPanel[] }).panels;
      const empty = infraPanels
        .filter((p) => !p.queries.some((q) => (q.series ?? []).some((x) => x.values.some((v) => v !== null))))
        .map((p) => `${p.title}: ${p.queries.map((q) => q.error ?? q.expr).join(' | ')}`);
      expect(empty).toEqual([]);
      expect(infraPanels).toHaveLength(10);
    }, 120_000);
  });
});
