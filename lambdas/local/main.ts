import { resolve } from 'node:path';
import { startLocalPlatform } from './local-platform';

/**
 * `npm start`: the platform on http://127.0.0.1:${PORT:-8080} with its data in
 * ${DATA_DIR:-./.data}. SIGINT/SIGTERM stop it cleanly (exit 0).
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const dataDir = resolve(process.env.DATA_DIR ?? './.data');
  const platform = await startLocalPlatform({ port, dataDir, emf: process.env.LOCAL_EMF === '1' });
  process.stdout.write(`observability platform listening on ${platform.url} (data in ${dataDir})\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: finishing in-flight work\n`);
    platform.stop().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
