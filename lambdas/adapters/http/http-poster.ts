import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressRefusal, outboundTarget, type OutboundPolicy } from '../../core/access/outbound-target';

/** One delivery attempt as recorded. Times Unix ms. */
export interface DeliveryAttempt {
  readonly at: number;
  readonly durationMs: number;
  /** HTTP status, or 0 when no answer came. */
  readonly status: number;
  readonly ok: boolean;
  readonly error?: string;
}

/** Retry settings. */
export interface RetryOptions {
  /** @default 4 */
  readonly attempts?: number;
  /** First backoff; doubles each retry, with jitter. @default 500 */
  readonly baseDelayMs?: number;
  /** @default 8000 */
  readonly maxDelayMs?: number;
  /** Per-attempt timeout. @default 10000 */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** Which targets may be reached. @default {@link outboundPolicyFromEnv} of the process environment */
  readonly outbound?: OutboundPolicy;
  /** Resolves a host name to its addresses (tests inject one). @default every address from `dns.lookup` */
  readonly resolve?: HostResolver;
}

/** Resolves a host name to every address it has. */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

/**
 * The outbound policy from `OUTBOUND_PRIVATE_TARGETS` (`allow` | `deny`). Unset: `deny` on AWS
 * Lambda (`AWS_LAMBDA_FUNCTION_NAME` set), where loopback and private ranges reach the runtime
 * API and the VPC; `allow` elsewhere (the local runtime posts to loopback receivers on purpose).
 * Any other value is `deny`: a typo should not open the door.
 */
export function outboundPolicyFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): OutboundPolicy {
  const setting = env.OUTBOUND_PRIVATE_TARGETS?.trim().toLowerCase();
  if (setting === undefined || setting === '') return { allowPrivate: !env.AWS_LAMBDA_FUNCTION_NAME };
  return { allowPrivate: setting === 'allow' };
}

/** A target the policy refuses; it will not change on a retry. */
export class RefusedTargetError extends Error {
  readonly code = 'EREFUSEDTARGET';
}

const systemResolver: HostResolver = (hostname) => new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (e, addresses) => (e ? reject(e) : resolve(addresses))));

/**
 * A `lookup` for http(s).request that resolves with `resolver`, refuses the host when ANY
 * address it resolves to is refused by `policy` (a name that mixes public and private answers
 * is a rebinding attempt), and hands the connection only the checked addresses.
 */
export function guardedLookup(policy: OutboundPolicy, resolver: HostResolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname).then(
      (all) => {
        const family = typeof options.family === 'number' ? options.family : 0;
        const wanted = all.filter((a) => family === 0 || a.family === family);
        for (const a of wanted) {
          const why = addressRefusal(a.address, policy);
          if (why) return callback(new RefusedTargetError(`refused: ${hostname} resolves to ${a.address}, ${why}`), '', 0);
        }
        if (wanted.length === 0) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, wanted);
        callback(null, wanted[0].address, wanted[0].family);
      },
      (e: Error) => callback(e as NodeJS.ErrnoException, '', 0),
    );
  };
}

/** A request to post. */
export interface PostRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What happened: every attempt, and whether one succeeded. */
export interface PostOutcome {
  readonly ok: boolean;
  readonly attempts: DeliveryAttempt[];
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// 408, 429 and 5xx are worth retrying; other 4xx mean the request itself is wrong.
function retryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly text: string;
  readonly retryAfter?: string;
}

// One POST over node:http(s) so that `lookup` decides which address is connected to (fetch has
// no such hook). Redirects are not followed: a 3xx could point anywhere, past the check.
function postOnce(url: URL, req: PostRequest, timeoutMs: number, lookup: LookupFunction): Promise<Answer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = Buffer.from(req.body, 'utf8');
  return new Promise((resolve, reject) => {
    const r = send(url, { method: 'POST', headers: { ...req.headers, 'content-length': String(body.length) }, lookup, agent: false }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        // Only the start of the body goes in the record.
        if (size < 4096) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => {
        clearTimeout(timer);
        const ra = res.headers['retry-after'];
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8'), ...(typeof ra === 'string' && { retryAfter: ra }) });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => r.destroy(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    r.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    r.end(body);
  });
}

/**
 * Posts with retries and exponential backoff (full jitter), honouring `Retry-After` on 429 and
 * 503. The target is checked against the outbound policy first (the URL, then every address
 * its host resolves to, at connect time); a refused target is one failed attempt, not retried.
 * Never throws: the outcome lists every attempt with its status or error, for the record.
 */
export async function postWithRetries(req: PostRequest, options: RetryOptions = {}): Promise<PostOutcome> {
  const attempts: DeliveryAttempt[] = [];
  const max = options.attempts ?? 4;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  const policy = options.outbound ?? outboundPolicyFromEnv();
  const target = outboundTarget(req.url, policy);
  if (!target.ok) return { ok: false, attempts: [{ at: now(), durationMs: 0, status: 0, ok: false, error: `refused: ${target.reason}` }] };
  const lookup = guardedLookup(policy, options.resolve);
  for (let i = 0; i < max; i++) {
    const at = now();
    let status = 0;
    let error: string | undefined;
    let retryAfterMs: number | undefined;
    let refused = false;
    try {
      const res = await postOnce(target.url, req, options.timeoutMs ?? 10_000, lookup);
      status = res.status;
      if (status < 200 || status >= 300) error = res.text.slice(0, 500) || res.statusText || `status ${status}`;
      if (res.retryAfter && /^\d+$/.test(res.retryAfter)) retryAfterMs = Number(res.retryAfter) * 1000;
    } catch (e) {
      error = (e as Error).message;
      refused = e instanceof RefusedTargetError || (e as NodeJS.ErrnoException).code === 'EREFUSEDTARGET';
    }
    const ok = status >= 200 && status < 300;
    attempts.push({ at, durationMs: now() - at, status, ok, ...(error ? { error } : {}) });
    if (ok) return { ok, attempts };
    if (refused || !retryable(status) || i === max - 1) break;
    const base = Math.min(options.maxDelayMs ?? 8000, (options.baseDelayMs ?? 500) * 2 ** i);
    await sleep(retryAfterMs !== undefined ? Math.min(retryAfterMs, options.maxDelayMs ?? 8000) : base / 2 + Math.random() * (base / 2));
  }
  return { ok: false, attempts };
}
