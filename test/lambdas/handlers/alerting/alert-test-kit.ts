import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReceiverDelivery } from '../../../../lambdas/adapters/http/receiver-delivery';
import { SecretResolver } from '../../../../lambdas/adapters/http/secret-resolver';
import type { Ports } from '../../../../lambdas/core/ports';

/** One request the loopback receiver got. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly json: unknown;
}

/** A real HTTP receiver on 127.0.0.1 that records every request; `status` lets a test make it fail. */
export class LoopbackReceiver {
  readonly requests: Received[] = [];
  status = 200;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        this.requests.push({ path: req.url ?? '', headers: req.headers, body, json });
        res.writeHead(this.status, { 'content-type': 'application/json' });
        res.end(this.status === 202 ? '{"status":"success","message":"Event processed","dedup_key":"x"}' : '{}');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Requests to one path. */
  on(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Distinct requests to a path by Idempotency-Key: what an idempotent receiver keeps. */
  unique(path: string): Received[] {
    const seen = new Map<string, Received>();
    for (const r of this.on(path)) seen.set(String(r.headers['idempotency-key']), r);
    return [...seen.values()];
  }

  stop(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/** Delivery with secrets from a fixed environment and fast retries. */
export function testDelivery(ports: Ports, env: Record<string, string> = {}): ReceiverDelivery {
  return new ReceiverDelivery({
    notifier: ports.notifier,
    secrets: new SecretResolver({ env }),
    externalURL: 'http://platform.test',
    retry: { attempts: 3, baseDelayMs: 1, sleep: async () => undefined },
    now: () => ports.clock.now(),
  });
}
