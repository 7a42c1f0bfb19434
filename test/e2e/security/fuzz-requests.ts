import { gzipSync } from 'node:zlib';
import { seededRandom as prng } from '../../support/seeded-random';
import { openApiDocument } from '../../../lambdas/api/openapi/openapi-document';

/** One malformed request to send. */
export interface FuzzRequest {
  readonly kind: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
}


/** Every (method, path) of the OpenAPI document, path parameters filled with fuzz-friendly values. */
export function fuzzEndpoints(): { method: string; path: string; ingest: boolean }[] {
  const out: { method: string; path: string; ingest: boolean }[] = [];
  for (const [template, item] of Object.entries(openApiDocument().paths)) {
    for (const [method, op] of Object.entries(item)) out.push({ method: method.toUpperCase(), path: template, ingest: (op as { 'x-function'?: string })['x-function'] === 'ingest' });
  }
  return out;
}

// Built once: 64 MiB of zeros gzip to about 64 KiB; the ingest limit must stop the inflation.
let bomb: Buffer | undefined;
function gzipBomb(): Buffer {
  bomb ??= gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  return bomb;
}

const TYPES = ['application/json', 'application/x-protobuf', 'text/plain', 'application/x-www-form-urlencoded', 'application/yaml', 'application/octet-stream', 'application/json; charset=latin1', 'multipart/form-data; boundary=x', ''];
const PARAM_VALUES = ['', '%', '%zz', '..%2f..%2fetc', "'; DROP TABLE x;--", '{{7*7}}', '\u0000', 'x'.repeat(5000), '-1', '1e309', 'NaN', '[]', '{}', '😀', '%C0%AE'];

/**
 * The n-th malformed request of a seeded stream, spread over every endpoint of the document:
 * random bytes, deeply nested JSON, oversized bodies, invalid UTF-8, bad and unknown content
 * encodings, gzip bombs, bad snappy frames (including absurd declared lengths), hostile path
 * and query values, wrong methods and content types.
 */
export function fuzzRequest(n: number, endpoints: readonly { method: string; path: string; ingest: boolean }[], rnd: () => number): FuzzRequest {
  const ep = endpoints[n % endpoints.length];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const bytes = (len: number) => Buffer.from(Array.from({ length: len }, () => Math.floor(rnd() * 256)));
  const path = ep.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(pick(PARAM_VALUES)).slice(0, 300) || 'x');
  const query = rnd() < 0.5 ? `?${pick(['query', 'from', 'to', 'limit', 'cursor', 'service', 'step', 'match[]', 'q', 'start'])}=${encodeURIComponent(pick(PARAM_VALUES))}${rnd() < 0.3 ? '&limit=-5&limit=abc' : ''}` : '';
  const method = rnd() < 0.08 ? pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) : ep.method;
  const base = { method, path: path + query, headers: {} as Record<string, string> };
  const r = rnd();
  if (r < 0.25) return { ...base, kind: 'random-bytes', headers: { 'content-type': pick(TYPES) }, body: bytes(Math.floor(rnd() * 4096)) };
  if (r < 0.4) {
    const depth = 1000 + Math.floor(rnd() * 200_000);
    const open = pick(['[', '{"a":']);
    const close = open === '[' ? ']' : '}';
    return { ...base, kind: 'deep-json', headers: { 'content-type': 'application/json' }, body: Buffer.from(open.repeat(depth) + '1' + close.repeat(rnd() < 0.5 ? depth : depth - 1)) };
  }
  if (r < 0.5) {
    // Invalid UTF-8 and lone surrogates inside otherwise JSON-looking text.
    const junk = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xed, 0xa0, 0x80, 0xff, 0xfe]), bytes(64), Buffer.from('"}')]);
    return { ...base, kind: 'bad-utf8', headers: { 'content-type': pick(['application/json', 'application/json; charset=utf-8', 'text/plain']) }, body: junk };
  }
  if (r < 0.62) {
    const encoding = pick(['gzip', 'deflate', 'br', 'snappy', 'zstd', 'gzip, gzip', 'x-unknown']);
    return { ...base, kind: 'bad-encoding', headers: { 'content-type': pick(TYPES), 'content-encoding': encoding }, body: rnd() < 0.5 ? bytes(512) : Buffer.concat([gzipSync(Buffer.from('{"a":1}')).subarray(0, 12), bytes(40)]) };
  }
  if (r < 0.72) {
    // Snappy block format: a varint length then tagged elements; claim 4 GiB, or copy from before the start.
    const claim = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]);
    const body = rnd() < 0.5 ? Buffer.concat([claim, bytes(100)]) : Buffer.concat([Buffer.from([0x40, 0x0d, 0xff, 0x7f]), bytes(60)]);
    return { ...base, kind: 'bad-snappy', headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy', 'x-prometheus-remote-write-version': '0.1.0' }, body };
  }
  if (r < 0.76) return { ...base, kind: 'gzip-bomb', headers: { 'content-type': pick(['application/x-protobuf', 'application/json']), 'content-encoding': 'gzip' }, body: gzipBomb() };
  if (r < 0.77) {
    const size = ep.ingest ? 4 * 1024 * 1024 + 1 + Math.floor(rnd() * 64 * 1024) : 1024 * 1024 + 1 + Math.floor(rnd() * 64 * 1024);
    return { ...base, kind: 'oversized', headers: { 'content-type': pick(['application/json', 'application/x-protobuf']) }, body: Buffer.alloc(size, 0x61) };
  }
  if (r < 0.9) {
    // Valid JSON with the wrong shape: types swapped, huge numbers, prototype pollution keys.
    const payload = pick(['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '[1,2,3]', '"str"', 'null', '1e999', '{"id":{"$ne":null}}', '{"name":' + '9'.repeat(400) + '}', '{"a":"' + 'b'.repeat(100_000) + '"}']);
    return { ...base, kind: 'wrong-shape', headers: { 'content-type': 'application/json' }, body: Buffer.from(payload) };
  }
  return { ...base, kind: 'hostile-headers', headers: { 'content-type': pick(TYPES), 'x-api-key': pick(PARAM_VALUES).slice(0, 200).replace(/[^\x20-\x7e]/g, '') || 'x', authorization: `Bearer ${'A'.repeat(Math.floor(rnd() * 2000))}`, 'content-encoding': 'identity' }, body: bytes(16) };
}

/** The statuses a malformed request may get: any 4xx, or the documented 501 and 503. */
export function acceptableStatus(status: number): boolean {
  return (status >= 200 && status < 500) || status === 501 || status === 503;
}

/** What a fuzz run saw. */
export interface FuzzReport {
  readonly total: number;
  readonly endpoints: number;
  readonly kinds: Record<string, number>;
  readonly statuses: Record<number, number>;
  /** Requests answered with a status outside {@link acceptableStatus}, or with no answer at all. */
  readonly bad: string[];
  readonly rssGrowthMb: number;
  readonly elapsedMs: number;
}

/** Sends `total` malformed requests to a running platform in parallel batches and tallies the answers. */
export async function runFuzz(url: string, total: number, parallel: number, seed: number, offset = 0): Promise<FuzzReport> {
  const endpoints = fuzzEndpoints();
  const rnd = prng(seed);
  const bad: string[] = [];
  const kinds: Record<string, number> = {};
  const statuses: Record<number, number> = {};
  const started = Date.now();
  // The bomb is built once from a 64 MB buffer: build it before measuring, so the growth is the
  // platform's, not the harness's.
  gzipBomb();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  for (let start = 0; start < total; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, total - start) }, (_, i) => fuzzRequest(offset + start + i, endpoints, rnd));
    await Promise.all(
      batch.map(async (req) => {
        kinds[req.kind] = (kinds[req.kind] ?? 0) + 1;
        try {
          const res = await fetch(`${url}${req.path}`, { method: req.method, headers: req.headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : req.body });
          await res.arrayBuffer();
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (!acceptableStatus(res.status)) bad.push(`${req.kind} ${req.method} ${req.path.slice(0, 80)}: ${res.status}`);
        } catch (e) {
          bad.push(`${req.kind} ${req.method} ${req.path.slice(0, 80)}: ${(e as Error).message}`);
        }
      }),
    );
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }
  return { total, endpoints: endpoints.length, kinds, statuses, bad, rssGrowthMb: (rssPeak - rssBefore) / 2 ** 20, elapsedMs: Date.now() - started };
}
