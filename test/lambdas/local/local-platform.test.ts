

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KinesisStreamEvent } from 'aws-lambda';
import { writeToStream } from '../../../lambdas/api/ingest/stream-writer';
import { handler as logProcessor } from '../../../lambdas/handlers/log-processor';
import { startLocalPlatform, type LocalPlatform, type LocalPlatformOptions } from '../../../lambdas/local/local-platform';

const FAST = { pollIntervalMs: 10, backoffBaseMs: 10, backoffMaxMs: 50, maxAttempts: 3 };

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 15));
  }
}

function logRecord(id: string, message: string) {
  return { id, timestamp: Date.now() - 1000, service: 'checkout', level: 'error', message, attributes: { attempt: 1 } };
}

describe('local platform (npm start runtime)', () => {
  let dir: string;
  let platform: LocalPlatform | undefined;
  const lines: string[] = [];
  const start = async (options: Partial<LocalPlatformOptions> = {}) => {
    platform = await startLocalPlatform({ dataDir: dir, port: 0, schedules: false, log: (l) => lines.push(l), dispatcher: FAST, ...options });
    return platform;
  };
  const logsVia = async (p: LocalPlatform) => (await (await fetch(`${p.url}/monitoring/logs?service=checkout`)).json()) as { items: { id: string; message: string; timestamp: string }[] };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-platform-'));
    lines.length = 0;
  });
  afterEach(async () => {
    await platform?.stop();
    platform = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTP through the api handler with one concise line per request', async () => {
    const p = await start();
    expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${p.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${p.url}/ready`);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    const missing = await fetch(`${p.url}/nope`);
    expect(missing.status).toBe(404);
    const ingest = await fetch(`${p.url}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: new Uint8Array([1, 2, 3]) });
    expect(ingest.status).toBe(400); // not a valid ExportMetricsServiceRequest
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^api GET \/health 200 \d+ms$/), expect.stringMatching(/^ingest POST \/v1\/metrics 400 \d+ms$/)]));
  });

  it('(a) delivers a record put on the stream to the processor and the API shows it', async () => {
    const p = await start();
    await writeToStream(p.ports, 'logs', [{ kind: 'log-records', body: [logRecord('r-1', 'payment failed')], partitionKey: 'checkout' }]);
    const found = await eventually(async () => {
      const page = await logsVia(p);
      return page.items.length > 0 ? page.items : undefined;
    });
    expect(found).toEqual([expect.objectContaining({ id: 'r-1', message: 'payment failed', service: 'checkout', level: 'error' })]);
    expect(found[0].timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(p.stream.pending('logs')).toBe(0);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^log-processor batch 200 \d+ms batch=1 failed=0$/)]));
  });

  it('(b) retries a record the processor reports as failed, and dead-letters it past the attempt limit', async () => {
    const attempts = new Map<string, number>();
    const flaky = async (event: KinesisStreamEvent, context: Parameters<typeof logProcessor>[1]) => {
      const failures: { itemIdentifier: string }[] = [];
      const ok: typeof event.Records = [];
      for (const r of event.Records) {
        const body = Buffer.from(r.kinesis.data, 'base64').toString();
        const n = (attempts.get(r.kinesis.sequenceNumber) ?? 0) + 1;
        attempts.set(r.kinesis.sequenceNumber, n);
        if (body.includes('poison') || n === 1) failures.push({ itemIdentifier: r.kinesis.sequenceNumber });
        else ok.push(r);
      }
      await logProcessor({ Records: ok }, context);
      return { batchItemFailures: failures };
    };
    const p = await start({ processors: { logs: flaky } });
    await writeToStream(p.ports, 'logs', [{ kind: 'log-records', body: [logRecord('r-2', 'second try')], partitionKey: 'a' }]);
    const items = await eventually(async () => ((await logsVia(p)).items.length > 0 ? (await logsVia(p)).items : undefined));
    expect(items.map((i) => i.id)).toEqual(['r-2']);
    expect([...attempts.values()]).toEqual([2]);

    await writeToStream(p.ports, 'logs', [{ kind: 'log-records', body: [logRecord('r-3', 'poison')], partitionKey: 'a' }]);
    const dead = await eventually(async () => (p.stream.deadLetters('logs').length > 0 ? p.stream.deadLetters('logs') : undefined));
    expect(dead).toHaveLength(1);
    expect(dead[0].reason).toBe('processor reported the record as failed (failed 3 of 3 attempts)');
    expect(dead[0].attempts).toBe(2);
    expect(p.stream.pending('logs')).toBe(0);
    expect((await logsVia(p)).items.map((i) => i.id)).toEqual(['r-2']);
  });

  it('(c) keeps accepted records across a restart and delivers them after it', async () => {
    const first = await start({ dispatcher: { ...FAST, pollIntervalMs: 60_000 } });
    await new Promise((r) => setTimeout(r, 30));
    await writeToStream(first.ports, 'logs', [{ kind: 'log-records', body: [logRecord('r-4', 'survives')], partitionKey: 'a' }]);
    expect(first.stream.pending('logs')).toBe(1);
    await first.stop();
    platform = undefined;

    const second = await start();
    const items = await eventually(async () => {
      const page = await logsVia(second);
      return page.items.length > 0 ? page.items : undefined;
    });
    expect(items.map((i) => i.id)).toEqual(['r-4']);
  });

  it('stops cleanly: in-flight requests finish, the port is released', async () => {
    const p = await start();
    const inFlight = fetch(`${p.url}/ready`);
    await new Promise((r) => setTimeout(r, 5));
    await p.stop();
    expect((await inFlight).status).toBe(200);
    await expect(fetch(`${p.url}/health`)).rejects.toThrow();
    platform = undefined;
  });
});
