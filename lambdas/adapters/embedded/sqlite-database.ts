import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

/** A SQLite connection (better-sqlite3); every embedded adapter takes one and creates its own tables. */
export type Database = BetterSqlite3.Database;

/**
 * Opens (creating if needed) the SQLite file every embedded adapter shares.
 * `':memory:'` gives a private in-memory database, handy in tests.
 */
export function openDatabase(file: string): Database {
  if (file !== ':memory:' && !file.startsWith('file:')) mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  // WAL lets the API read while processors write; NORMAL is durable enough under WAL
  // (a power cut may lose the last transactions, never corrupt the file).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}
