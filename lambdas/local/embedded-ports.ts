import { join } from 'node:path';
import { openDatabase, type Database } from '../adapters/embedded/sqlite-database';
import { SqliteLogStore } from '../adapters/embedded/sqlite-log-store';
import { SqliteMetricStore } from '../adapters/embedded/sqlite-metric-store';
import { SqliteNotifier } from '../adapters/embedded/sqlite-notifier';
import { SqliteStateStore } from '../adapters/embedded/sqlite-state-store';
import { SqliteTelemetryStream } from '../adapters/embedded/sqlite-telemetry-stream';
import { SqliteTraceStore } from '../adapters/embedded/sqlite-trace-store';
import { systemClock, type Clock } from '../core/ports/clock';
import type { Ports } from '../core/ports';

/** The embedded ports on one SQLite file, with the concrete stream the dispatcher consumes. */
export interface EmbeddedPorts {
  readonly ports: Ports;
  readonly stream: SqliteTelemetryStream;
  readonly db: Database;
  /** Closes the database (checkpointing the WAL). */
  close(): void;
}

/** The local composition root: every port's embedded adapter on `<dataDir>/platform.db`. */
export function openEmbeddedPorts(dataDir: string, clock: Clock = systemClock): EmbeddedPorts {
  const db = openDatabase(join(dataDir, 'platform.db'));
  const stream = new SqliteTelemetryStream(db, clock);
  const ports: Ports = {
    metrics: new SqliteMetricStore(db),
    logs: new SqliteLogStore(db),
    traces: new SqliteTraceStore(db),
    state: new SqliteStateStore(db, clock),
    notifier: new SqliteNotifier(db, clock),
    stream,
    clock,
  };
  return {
    ports,
    stream,
    db,
    close() {
      if (db.open) db.close();
    },
  };
}
