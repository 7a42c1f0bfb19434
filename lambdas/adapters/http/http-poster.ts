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

/**
 * Posts with retries and exponential backoff (full jitter), honouring `Retry-After` on 429 and
 * 503. Never throws: the outcome lists every attempt with its status or error, for the record.
 */
export async function postWithRetries(req: PostRequest, options: RetryOptions = {}): Promise<PostOutcome> {
  const attempts: DeliveryAttempt[] = [];
  const max = options.attempts ?? 4;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  for (let i = 0; i < max; i++) {
    const at = now();
    let status = 0;
    let error: string | undefined;
    let retryAfterMs: number | undefined;
    try {
      const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      status = res.status;
      const text = await res.text().catch(() => '');
      if (!res.ok) error = text.slice(0, 500) || res.statusText;
      const ra = res.headers.get('retry-after');
      if (ra && /^\d+$/.test(ra)) retryAfterMs = Number(ra) * 1000;
    } catch (e) {
      error = (e as Error).message;
    }
    const ok = status >= 200 && status < 300;
    attempts.push({ at, durationMs: now() - at, status, ok, ...(error ? { error } : {}) });
    if (ok) return { ok, attempts };
    if (!retryable(status) || i === max - 1) break;
    const base = Math.min(options.maxDelayMs ?? 8000, (options.baseDelayMs ?? 500) * 2 ** i);
    await sleep(retryAfterMs !== undefined ? Math.min(retryAfterMs, options.maxDelayMs ?? 8000) : base / 2 + Math.random() * (base / 2));
  }
  return { ok: false, attempts };
}
