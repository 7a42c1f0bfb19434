import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTraceProcessor } from '../../../lambdas/handlers/trace-processor';
import { startLocalPlatform, type LocalPlatform } from '../../../lambdas/local/local-platform';
import { span } from '../../lambdas/core/traces/support/span-builder';
import { toOtlpJson } from '../../lambdas/core/traces/support/workload';

/** Tail sampling through the local platform: OTLP in, the decision buffer, the timer tick, the API out. */
describe('traces: tail sampling on the local platform', () => {
  let dir: string;
  let platform: LocalPlatform;
  const config = { tail: { baseProbability: 0, decisionWaitMs: 400, latencyThresholdUs: 1_000_000 }, metricsFlushMs: 0 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traces-tail-'));
    const processor = createTraceProcessor(config);
    platform = await startLocalPlatform({
      dataDir: dir,
      port: 0,
      log: () => undefined,
      dispatcher: { pollIntervalMs: 10 },
      processors: { traces: processor },
      schedules: [{ name: 'trace-processor', everyMs: 100, handler: processor }],
    });
  });
  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (spans: ReturnType<typeof span>[]) =>
    fetch(`${platform.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(toOtlpJson(spans)) });
  const stored = async (traceId: string) => (await fetch(`${platform.url}/monitoring/traces/${traceId}`)).status === 200;

  it('keeps error and slow traces after the wait, drops the rest, and late spans follow the decision', async () => {
    const now = Date.now() * 1000 - 5_000_000;
    const at = (s: Parameters<typeof span>[0]) => ({ ...span(s), startTime: now + s.start });
    const error = 'e'.repeat(32);
    const slow = '5'.repeat(32);
    const fine = '1'.repeat(32);
    const res = await post([
      at({ traceId: error, id: 'a', service: 'web', kind: 'server', start: 0, end: 1000, status: 'error' }),
      at({ traceId: slow, id: 'b', service: 'web', kind: 'server', start: 0, end: 2_000_000 }),
      at({ traceId: fine, id: 'c', service: 'web', kind: 'server', start: 0, end: 1000 }),
    ]);
    expect(res.status).toBe(200);
    // Nothing is stored while the traces wait for their decision.
    await new Promise((r) => setTimeout(r, 150));
    expect(await stored(error)).toBe(false);
    const deadline = Date.now() + 10_000;
    while (!(await stored(error)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await stored(error)).toBe(true);
    expect(await stored(slow)).toBe(true);
    expect(await stored(fine)).toBe(false);

    await post([
      at({ traceId: error, id: 'd', parent: 'a', service: 'db', start: 10, end: 900 }),
      at({ traceId: fine, id: 'f', parent: 'c', service: 'db', start: 10, end: 900 }),
    ]);
    const lateDeadline = Date.now() + 10_000;
    let spans = 0;
    while (spans < 2 && Date.now() < lateDeadline) {
      const view = (await (await fetch(`${platform.url}/monitoring/traces/${error}`)).json()) as { spans: unknown[] };
      spans = view.spans.length;
      if (spans < 2) await new Promise((r) => setTimeout(r, 50));
    }
    expect(spans).toBe(2);
    expect(await stored(fine)).toBe(false);
  }, 30_000);
});
