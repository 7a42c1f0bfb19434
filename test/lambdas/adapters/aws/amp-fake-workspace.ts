import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { matchesAll, seriesKey, type Labels, type Series } from '../../../../lambdas/core/domain/series';
import { decodeRemoteWrite } from '../../../../lambdas/core/metrics/remote-write-codec';
import type { MetricSelection } from '../../../../lambdas/core/ports/metric-store';
import { instantQuery, rangeQuery, type QueryResponse } from '../../../../lambdas/core/promql/engine';
import { snappyDecompress } from '../../../../lambdas/core/wire/snappy';

/** A request as the fake received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: [string, string][];
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Credentials the fake accepts (and the tests sign with). */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDFAKEAMP', secretAccessKey: 'fake-secret-key' };
export const FAKE_REGION = 'eu-west-1';
export const FAKE_WORKSPACE = 'ws-0123abcd-4567-89ef-0123-456789abcdef';

class Sha256 {
  private h;
  constructor(secret?: unknown) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', typeof secret === 'string' ? secret : Buffer.from(secret as Uint8Array));
  }
  update(d: Uint8Array) {
    this.h.update(d);
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
  reset() {}
}

const verifier = new SignatureV4({ service: 'aps', region: FAKE_REGION, credentials: FAKE_CREDENTIALS, sha256: Sha256 });

function formatValue(v: number): string {
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

function pairs(raw: string): [string, string][] {
  if (!raw) return [];
  return raw.split('&').map((p) => {
    const [k, v = ''] = p.split('=');
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return [dec(k), dec(v)];
  });
}

/**
 * A small stateful stand-in for an AMP workspace on 127.0.0.1: it checks every request's SigV4
 * signature (service `aps`) and answers 403 when it does not verify, decodes snappy remote_write
 * bodies, stores samples the way Prometheus' TSDB does (an existing timestamp keeps its value,
 * a different one is refused as a duplicate; samples older than the out-of-order window are
 * refused; the rest of the request is still stored and the answer is 400 naming the first
 * problem, as Cortex and Mimir do), and answers the query API by evaluating PromQL over what it
 * stored with the platform's own engine (so `{...}[range]` gives raw samples, as Prometheus does).
 */
export class FakeAmpWorkspace {
  readonly requests: RecordedRequest[] = [];
  private readonly series = new Map<string, { labels: Labels; samples: Map<number, number> }>();
  private server?: http.Server;
  private failures: number[] = [];
  /** Out-of-order window, ms (the workspace setting; AMP allows 0 to 600 s and the stack sets 600). */
  oooWindowMs = 600_000;

  /** The service root to point the adapter at. */
  endpoint = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.handle(req, Buffer.concat(chunks))
          .then(([status, body]) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(body);
          })
          .catch((e: Error) => {
            res.writeHead(500);
            res.end(e.message);
          });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The next requests answer these statuses (before any other handling), one each. */
  failNext(...statuses: number[]): void {
    this.failures.push(...statuses);
  }

  /** What the workspace holds, for assertions. */
  stored(): Series[] {
    return [...this.series.values()].map((s) => ({
      labels: s.labels,
      samples: [...s.samples].sort(([a], [b]) => a - b).map(([timestamp, value]) => ({ timestamp, value })),
    }));
  }

  /** The engine's view of the store: series matching the selection, samples in the closed range. */
  readonly queryable = {
    select: async (sel: MetricSelection): Promise<Series[]> =>
      this.stored()
        .filter((s) => matchesAll(s.labels, sel.matchers))
        .map((s) => ({ labels: s.labels, samples: s.samples.filter((x) => x.timestamp >= sel.range.start && x.timestamp <= sel.range.end) }))
        .filter((s) => s.samples.length > 0),
  };

  private async handle(req: http.IncomingMessage, body: Buffer): Promise<[number, string]> {
    const [pathname, rawQuery = ''] = (req.url ?? '').split('?');
    const query = pairs(rawQuery);
    this.requests.push({ method: req.method ?? '', path: pathname, query, headers: req.headers, body });
    const failure = this.failures.shift();
    if (failure !== undefined) return [failure, JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'scripted failure' })];
    if (!(await this.verifies(req, pathname, query, body))) return [403, '{"message":"The request signature we calculated does not match the signature you provided."}'];
    const prefix = `/workspaces/${FAKE_WORKSPACE}`;
    if (!pathname.startsWith(prefix)) return [404, '{"message":"workspace not found"}'];
    const route = pathname.slice(prefix.length);
    const params = [...query, ...(req.headers['content-type'] === 'application/x-www-form-urlencoded' ? pairs(body.toString()) : [])];
    const one = (k: string) => params.find(([n]) => n === k)?.[1];
    const all = (k: string) => params.filter(([n]) => n === k).map(([, v]) => v);
    const ms = (k: string, d: number) => (one(k) !== undefined ? Math.round(Number(one(k)) * 1000) : d);
    try {
      if (route === '/api/v1/remote_write' && req.method === 'POST') return this.remoteWrite(req, body);
      if (route === '/api/v1/query') return ok(this.render(await instantQuery(this.queryable, one('query') ?? '', ms('time', Date.now()))));
      if (route === '/api/v1/query_range') {
        return ok(this.render(await rangeQuery(this.queryable, one('query') ?? '', ms('start', 0), ms('end', 0), Number(one('step')) * 1000)));
      }
      const sets = await this.matching(all('match[]'), ms('start', -Infinity), ms('end', Infinity));
      if (route === '/api/v1/series') {
        const limit = one('limit') ? Number(one('limit')) : Infinity;
        return ok(sets.slice(0, limit));
      }
      if (route === '/api/v1/labels') return ok([...new Set(sets.flatMap((l) => Object.keys(l)))].sort());
      const values = /^\/api\/v1\/label\/([^/]+)\/values$/.exec(route);
      if (values) return ok([...new Set(sets.map((l) => l[values[1]]).filter((v) => v !== undefined))].sort());
    } catch (e) {
      return [400, JSON.stringify({ status: 'error', errorType: 'bad_data', error: (e as Error).message })];
    }
    return [404, '{"message":"no such route"}'];
  }

  private async matching(selectors: string[], start: number, end: number): Promise<Labels[]> {
    const sets = new Map<string, Labels>();
    const exprs = selectors.length > 0 ? selectors : ['{__name__=~".+"}'];
    for (const expr of exprs) {
      const res = await instantQuery(this.queryable, `${expr}[${Math.max(1, end - start + 1)}ms]`, end);
      if (res.resultType !== 'matrix') throw new Error('match[] must be a selector');
      for (const r of res.result) sets.set(seriesKey(r.metric), r.metric);
    }
    return [...sets.values()].sort((a, b) => (seriesKey(a) < seriesKey(b) ? -1 : 1));
  }

  private remoteWrite(req: http.IncomingMessage, body: Buffer): [number, string] {
    if (req.headers['content-encoding'] !== 'snappy' || req.headers['content-type'] !== 'application/x-protobuf') return [415, 'expected snappy protobuf'];
    const decoded = decodeRemoteWrite(snappyDecompress(body));
    const errors: string[] = [];
    for (const s of decoded.series) {
      const labels = Object.fromEntries(s.labelPairs) as Labels;
      if (!labels.__name__) {
        errors.push('sample missing metric name');
        continue;
      }
      const key = seriesKey(labels);
      let stored = this.series.get(key);
      if (!stored) this.series.set(key, (stored = { labels, samples: new Map() }));
      const maxT = Math.max(-Infinity, ...stored.samples.keys());
      for (const x of s.samples) {
        const existing = stored.samples.get(x.timestamp);
        if (existing !== undefined && !Object.is(existing, x.value) && !(Number.isNaN(existing) && Number.isNaN(x.value))) {
          errors.push(`err-mimir-sample-duplicate-timestamp: the sample has been rejected because another sample with the same timestamp, but a different value, has already been ingested. series: '${key}', timestamp: ${x.timestamp}`);
        } else if (x.timestamp < maxT - this.oooWindowMs) {
          errors.push(`err-mimir-sample-too-old: the sample is older than the out-of-order window. series: '${key}', timestamp: ${x.timestamp}`);
        } else stored.samples.set(x.timestamp, x.value);
      }
      if (stored.samples.size === 0) this.series.delete(key);
    }
    return errors.length > 0 ? [400, errors[0]] : [200, ''];
  }

  private render(r: QueryResponse): unknown {
    const t = (ms: number) => ms / 1000;
    const notes = { ...(r.warnings.length > 0 && { warnings: r.warnings }), ...(r.infos.length > 0 && { infos: r.infos }) };
    switch (r.resultType) {
      case 'vector':
        return { resultType: 'vector', result: r.result.map((x) => ({ metric: x.metric, value: [t(x.timestamp), formatValue(x.value)] })), notes };
      case 'matrix':
        return { resultType: 'matrix', result: r.result.map((x) => ({ metric: x.metric, values: x.points.map((p) => [t(p.timestamp), formatValue(p.value)]) })), notes };
      case 'scalar':
        return { resultType: 'scalar', result: [t(r.result.timestamp), formatValue(r.result.value)], notes };
      case 'string':
        return { resultType: 'string', result: [t(r.result.timestamp), r.result.value], notes };
    }
  }

  /** Recomputes the SigV4 signature from what arrived, with the signer's own rules. */
  private async verifies(req: http.IncomingMessage, path: string, query: [string, string][], body: Buffer): Promise<boolean> {
    const auth = req.headers.authorization ?? '';
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/aps\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
    const amzDate = req.headers['x-amz-date'];
    if (!m || typeof amzDate !== 'string' || m[1] !== FAKE_CREDENTIALS.accessKeyId || m[3] !== FAKE_REGION) return false;
    if (req.headers['x-amz-content-sha256'] !== createHash('sha256').update(body).digest('hex')) return false;
    const headers: Record<string, string> = {};
    for (const name of m[4].split(';')) headers[name] = String(req.headers[name] ?? '');
    const q: Record<string, string | string[]> = {};
    for (const [k, v] of query) q[k] = k in q ? ([] as string[]).concat(q[k], v) : v;
    const date = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    const again = await verifier.sign(
      { method: req.method ?? '', protocol: 'http:', hostname: '127.0.0.1', path, query: q, headers, body: new Uint8Array(body) },
      { signingDate: date },
    );
    return again.headers.authorization === auth;
  }
}

function ok(data: unknown): [number, string] {
  if (data && typeof data === 'object' && 'notes' in data) {
    const { notes, ...rest } = data as { notes: object };
    return [200, JSON.stringify({ status: 'success', data: rest, ...notes })];
  }
  return [200, JSON.stringify({ status: 'success', data })];
}
