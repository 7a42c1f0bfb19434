import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { classifyAddress, classRefusal, type OutboundPolicy } from '../../core/access/outbound-target';
import { parseDuration } from '../../core/alerting/duration';
import { guardedLookup, type HostResolver } from '../http/http-poster';
import { judgeProbe, type ProbeResult, type SyntheticCheck } from '../../core/probes/check-model';

/** Runs checks over HTTP(S); the clock and TLS verification are injectable for tests. */
export interface ProberOptions {
  readonly now?: () => number;
  /** Verify server certificates (a failed verification is a failed probe). @default true */
  readonly verifyTls?: boolean;
  /** Stop reading bodies past this many bytes (enough for a body match). @default 1 MiB */
  readonly maxBodyBytes?: number;
  /** Resolves host names (tests inject one). @default `dns.lookup`, every address */
  readonly resolve?: HostResolver;
  /** Which targets may be probed. @default {@link probePolicy} of the process environment */
  readonly outbound?: OutboundPolicy;
}

/**
 * Checks reach user targets on purpose, internal ones included: only link-local and metadata
 * addresses (instance credentials) and unspecified ones (the local host) are refused, and on AWS
 * Lambda (`AWS_LAMBDA_FUNCTION_NAME` set) loopback too, where it is the function's runtime API.
 */
export function probePolicy(env: Readonly<Record<string, string | undefined>> = process.env): OutboundPolicy {
  return { allowPrivate: true, refuseLoopback: Boolean(env.AWS_LAMBDA_FUNCTION_NAME) };
}

/**
 * Probes one check: one request with the check's method, headers and body, bounded by its
 * timeout; reports status, duration, the judged outcome and, for https, the certificate's
 * expiry. Never throws: network errors are failed probes with the reason.
 */
export function probeHttp(check: SyntheticCheck, opts: ProberOptions = {}): Promise<ProbeResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  const t0 = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - t0) / 1e6;
  const timeoutMs = parseDuration(check.timeout);
  const maxBody = opts.maxBodyBytes ?? 1 << 20;
  const url = new URL(check.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  // IP literals never reach `lookup`: check them here.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const policy = opts.outbound ?? probePolicy();
  const literal = classifyAddress(host);
  const refusal = literal === undefined ? undefined : classRefusal(literal, policy);
  return new Promise((resolve) => {
    let done = false;
    let certificateExpiresAt: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (raw: { status?: number; body?: string; error?: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const durationMs = elapsed();
      const verdict = judgeProbe(check, { ...raw, durationMs });
      resolve({
        checkId: check.id,
        timestamp: started,
        success: verdict.success,
        durationMs,
        ...(raw.status !== undefined && { status: raw.status }),
        ...(verdict.failure && { failure: verdict.failure }),
        ...(certificateExpiresAt !== undefined && { certificateExpiresAt }),
      });
    };
    if (refusal) {
      finish({ error: `refused: ${host} is ${refusal}` });
      return;
    }
    // A fresh connection per probe (no pooled keep-alive socket): the timing includes DNS, TCP and
    // TLS as a user's first request would, and every probe's address passes the policy.
    const req = send(url, { method: check.method, headers: check.headers, rejectUnauthorized: opts.verifyTls ?? true, lookup: guardedLookup(policy, opts.resolve), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < maxBody) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => finish({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => finish({ error: e.message }));
    });
    req.on('socket', (socket) => {
      socket.on('secureConnect', () => {
        const cert = (socket as TLSSocket).getPeerCertificate();
        if (cert?.valid_to) certificateExpiresAt = Date.parse(cert.valid_to);
      });
    });
    timer = setTimeout(() => {
      finish({ error: `timeout after ${check.timeout}` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish({ error: e.code && e.code !== 'EREFUSEDTARGET' ? `${e.code}: ${e.message}` : e.message }));
    if (check.body !== undefined) req.write(check.body);
    req.end();
  });
}
