import type { Ports } from '../../core/ports';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { openApiDocument } from '../openapi/openapi-document';

/** How long a readiness check waits for one port. */
export const PING_TIMEOUT_MS = 2000;

const PINGED = ['metrics', 'logs', 'traces', 'state', 'stream'] as const;

async function check(ports: Ports, name: (typeof PINGED)[number]): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    await Promise.race([Promise.resolve().then(() => ports[name].ping()), timeout]);
    return 'ok';
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

/** Probes and the document. `/ready` pings every pingable port in parallel. */
export const probeRoutes: Readonly<Record<string, RouteHandler>> = {
  async getHealth() {
    return jsonResponse(200, { status: 'ok' });
  },
  async getLiveness() {
    return jsonResponse(200, { status: 'live' });
  },
  async getReadiness({ ports }) {
    const results = await Promise.all(PINGED.map(async (name) => [name, await check(ports, name)] as const));
    const checks = Object.fromEntries(results);
    const failed = results.filter(([, r]) => r !== 'ok').map(([n]) => n);
    return failed.length === 0
      ? jsonResponse(200, { status: 'ready', checks })
      : jsonResponse(503, { status: 'not_ready', checks, failed });
  },
  async getOpenApiDocument() {
    return jsonResponse(200, openApiDocument());
  },
};
