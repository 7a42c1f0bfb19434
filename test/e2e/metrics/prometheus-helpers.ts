import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Where the Debian package puts the binary (scripts/install-test-peers.sh installs it in CI). */
export function prometheusBinary(): string | undefined {
  for (const candidate of ['/usr/bin/prometheus', '/usr/local/bin/prometheus']) if (existsSync(candidate)) return candidate;
  return undefined;
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** A running Prometheus that scrapes itself every second and remote-writes to `writeUrl`. */
export interface PrometheusProcess {
  readonly url: string;
  readonly output: string[];
  stop(): Promise<void>;
}

/** Starts Prometheus on a free loopback port with a temporary config and TSDB under `dir`. */
export async function startPrometheus(binary: string, dir: string, writeUrl: string): Promise<PrometheusProcess> {
  const port = await freePort();
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: prometheus',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${port}']`,
    'remote_write:',
    `  - url: ${writeUrl}`,
    '    queue_config:',
    '      batch_send_deadline: 200ms',
    '      min_backoff: 50ms',
    '      max_backoff: 500ms',
    '    metadata_config:',
    '      send_interval: 2s',
  ].join('\n');
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, `${config}\n`);
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${output.join('')}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`prometheus did not become ready: ${output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** One series of a Prometheus API answer, keyed by its label set. */
export type ResultByKey = Map<string, string[][]>;

/** The result of a Prometheus-shaped `/api/v1/query` or `query_range` answer as key → [[t, v], ...]. */
export function byKey(data: { resultType: string; result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] }): ResultByKey {
  const out: ResultByKey = new Map();
  for (const s of data.result) {
    const key = JSON.stringify(Object.entries(s.metric).sort(([a], [b]) => (a < b ? -1 : 1)));
    const points = s.values ?? (s.value ? [s.value] : []);
    out.set(key, points.map(([t, v]) => [String(t), v]));
  }
  return out;
}

/** Whether two sample values agree: same special value, or within a relative tolerance. */
export function valuesAgree(a: string, b: string, tolerance = 1e-6): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  return Math.abs(x - y) <= tolerance * Math.max(Math.abs(x), Math.abs(y), 1e-300);
}
