import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Checksum, Provider } from '@smithy/types';
import { backoff, sleep } from './backoff';

/** Settings of {@link AmpHttpClient}. */
export interface AmpHttpClientOptions {
  /** Region of the workspace (the SigV4 scope). */
  readonly region: string;
  /** Workspace id, `ws-...`. */
  readonly workspaceId: string;
  /** Service root, no trailing slash. @default `https://aps-workspaces.<region>.amazonaws.com` */
  readonly endpoint?: string;
  /** Credentials or a provider of them (the Lambda role's, from the default chain, in production). */
  readonly credentials: AwsCredentialIdentity | Provider<AwsCredentialIdentity>;
  /** Retries of a throttled (429) or failed (5xx) request. @default 5 */
  readonly maxRetries?: number;
  /** Base of the jittered exponential backoff, ms. @default 100 */
  readonly baseDelayMs?: number;
  /** Time source of the signature (tests pin it). @default () => new Date() */
  readonly now?: () => Date;
  /** Per-request timeout, ms. @default 20000 */
  readonly timeoutMs?: number;
}

/** One request to the workspace: a path under `/workspaces/<id>`, query parameters, an optional body. */
export interface AmpRequest {
  readonly method: 'GET' | 'POST';
  /** Path under the workspace, e.g. `/api/v1/query`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | string[]>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
}

/** What the workspace answered (after retries). */
export interface AmpResponse {
  readonly status: number;
  readonly body: string;
}

/** Thrown when the workspace still answers 429 or 5xx after every retry, or the network fails. */
export class AmpUnavailableError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'AmpUnavailableError';
  }
}

/** SHA-256 (and HMAC-SHA-256 when given a secret) over node:crypto, in the shape the SigV4 signer expects. */
class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | Uint8Array | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const key = typeof this.secret === 'string' ? this.secret : Buffer.from(this.secret as ArrayBuffer);
    return createHmac('sha256', key);
  }
}

/**
 * HTTP to one Amazon Managed Service for Prometheus workspace: every request signed with
 * SigV4 for service `aps` (signed headers include host, x-amz-date and x-amz-content-sha256,
 * the hex SHA-256 of the body, as the AWS SDKs send it), retried on 429 and 5xx with
 * full-jitter backoff. Other statuses are returned for the caller to interpret.
 */
export class AmpHttpClient {
  private readonly signer: SignatureV4;
  private readonly base: URL;
  private readonly o: AmpHttpClientOptions;

  constructor(options: AmpHttpClientOptions) {
    this.o = options;
    this.signer = new SignatureV4({ service: 'aps', region: options.region, credentials: options.credentials, sha256: NodeSha256 });
    this.base = new URL(options.endpoint ?? `https://aps-workspaces.${options.region}.amazonaws.com`);
  }

  /** Sends `request`, retrying throttling and server errors; answers the final status and body. */
  async send(request: AmpRequest): Promise<AmpResponse> {
    for (let attempt = 1; ; attempt++) {
      let response: AmpResponse;
      try {
        response = await this.once(request);
      } catch (e) {
        response = { status: 0, body: (e as Error).message };
      }
      const retryable = response.status === 0 || response.status === 429 || response.status >= 500;
      if (!retryable) return response;
      if (attempt > (this.o.maxRetries ?? 5)) {
        throw new AmpUnavailableError(response.status, `Amazon Managed Service for Prometheus answered ${response.status || 'no response'} after ${attempt} attempts: ${response.body.slice(0, 300)}`);
      }
      await sleep(backoff(attempt, this.o.baseDelayMs ?? 100));
    }
  }

  private async once(request: AmpRequest): Promise<AmpResponse> {
    const path = `${this.base.pathname.replace(/\/$/, '')}/workspaces/${encodeURIComponent(this.o.workspaceId)}${request.path}`;
    const body = typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body;
    const query: Record<string, string | string[]> = { ...(request.query ?? {}) };
    const signed = await this.signer.sign(
      {
        method: request.method,
        protocol: this.base.protocol,
        hostname: this.base.hostname,
        port: this.base.port ? Number(this.base.port) : undefined,
        path,
        query,
        headers: { host: this.base.host, ...(request.headers ?? {}) },
        body,
      },
      { signingDate: this.o.now?.() ?? new Date() },
    );
    const url = `${this.base.protocol}//${this.base.host}${path}${queryString(query)}`;
    const headers = Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host'));
    const res = await fetch(url, {
      method: request.method,
      headers,
      body: body && body.length > 0 ? body : undefined,
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 20_000),
    });
    return { status: res.status, body: await res.text() };
  }
}

/** RFC 3986 percent-encoding, the encoding SigV4 canonicalizes with (URLSearchParams would send spaces as `+`). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `?k=v&k=w...` with RFC 3986 encoding, or '' when there is nothing. */
export function queryString(query: Readonly<Record<string, string | readonly string[]>>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) for (const one of typeof v === 'string' ? [v] : v) parts.push(`${rfc3986(k)}=${rfc3986(one)}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}
