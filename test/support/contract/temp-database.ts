import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../../lambdas/adapters/embedded/sqlite-database';

/** A real SQLite file in a fresh temp dir, and a cleanup that closes and removes it. */
export function tempDatabase(): { db: Database; file: string; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'obs-adapter-'));
  const file = join(dir, 'nested', 'platform.sqlite');
  const db = openDatabase(file);
  return {
    db,
    file,
    cleanup: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
