import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalPlatform, type LocalPlatform } from '../../../lambdas/local/local-platform';

/** A local platform with fast stream delivery and no schedules, in a fresh temporary folder. */
export async function startLogPlatform(prefix: string): Promise<{ platform: LocalPlatform; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const platform = await startLocalPlatform({
    dataDir: dir,
    port: 0,
    schedules: false,
    log: () => undefined,
    dispatcher: { pollIntervalMs: 5, backoffBaseMs: 10, backoffMaxMs: 50, maxAttempts: 2, batchSize: 100 },
  });
  return { platform, dir };
}

/** Polls until `probe` gives a value or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A Loki push JSON body: one stream, lines at explicit millisecond timestamps. */
export function lokiPush(labels: Record<string, string>, lines: readonly string[], t0Ms: number): string {
  return JSON.stringify({ streams: [{ stream: labels, values: lines.map((l, i) => [`${t0Ms + i}000000`, l]) }] });
}

/** One stored record as the API answers it. */
export interface ApiLogRecord {
  readonly id: string;
  readonly timestamp: string;
  readonly service: string;
  readonly level: string;
  readonly message: string;
  readonly attributes: Record<string, unknown>;
  readonly traceId?: string;
  readonly patternId?: string;
}

/** Every record of a search, following `nextCursor` (1,000 per page). */
export async function searchAll(url: string, params: Record<string, string>): Promise<ApiLogRecord[]> {
  const out: ApiLogRecord[] = [];
  let cursor: string | undefined;
  do {
    const qs = new URLSearchParams({ ...params, limit: '1000', ...(cursor && { cursor }) });
    const res = await fetch(`${url}/monitoring/logs?${qs}`);
    if (res.status !== 200) throw new Error(`search answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as { items: ApiLogRecord[]; nextCursor?: string };
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
