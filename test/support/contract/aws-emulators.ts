import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Static fake credentials and a plain HTTP/1.1 handler: what SDK clients need to talk to a local emulator. */
export function emulatorClientConfig(port: number) {
  return {
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
    // The SDK's default HTTP/2 handler fails against kinesalite.
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  };
}

/** A running emulator on 127.0.0.1 with a free port. */
export interface RunningEmulator {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts dynalite or kinesalite from code on a random free loopback port. */
export async function startEmulator(kind: 'dynalite' | 'kinesalite'): Promise<RunningEmulator> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const server: Server =
    kind === 'dynalite'
      ? require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
      : require('kinesalite')({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 10_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
