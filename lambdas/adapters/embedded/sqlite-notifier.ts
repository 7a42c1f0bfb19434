import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../core/ports/clock';
import type { Notification, Notifier, Severity } from '../../core/ports/notifier';
import type { Database } from './sqlite-database';

/** A notification as the outbox keeps it. */
export interface SentNotification {
  readonly id: string;
  readonly severity: Severity;
  readonly subject: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly dedupKey?: string;
  /** Unix milliseconds. */
  readonly createdAt: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS notification_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  severity TEXT NOT NULL,
  subject TEXT NOT NULL,
  message TEXT NOT NULL,
  attributes TEXT NOT NULL,
  dedup_key TEXT UNIQUE,
  created_at INTEGER NOT NULL
);
`;

interface Row {
  id: string;
  severity: Severity;
  subject: string;
  message: string;
  attributes: string;
  dedup_key: string | null;
  created_at: number;
}

/**
 * The local notifier: writes every notification to an outbox table that tests and the
 * local UI read with {@link SqliteNotifier.sent}. A second notification with the same
 * `dedupKey` answers the first one's id and stores nothing.
 */
export class SqliteNotifier implements Notifier {
  private readonly insert;
  private readonly byDedupKey;
  private readonly all;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock = systemClock,
  ) {
    db.exec(SCHEMA);
    this.insert = db.prepare(
      `INSERT INTO notification_outbox (id, severity, subject, message, attributes, dedup_key, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byDedupKey = db.prepare('SELECT id FROM notification_outbox WHERE dedup_key = ?');
    this.all = db.prepare('SELECT * FROM notification_outbox WHERE seq > ? ORDER BY seq LIMIT ?');
  }

  async notify(n: Notification): Promise<{ readonly messageId: string }> {
    return this.db.transaction(() => {
      if (n.dedupKey !== undefined) {
        const existing = this.byDedupKey.get(n.dedupKey) as { id: string } | undefined;
        if (existing) return { messageId: existing.id };
      }
      const id = randomUUID();
      this.insert.run(id, n.severity, n.subject, n.message, JSON.stringify(n.attributes ?? {}), n.dedupKey ?? null, this.clock.now());
      return { messageId: id };
    })();
  }

  /** Stored notifications, oldest first (at most `limit`). */
  sent(limit = 1000): SentNotification[] {
    return (this.all.all(0, limit) as Row[]).map((r) => ({
      id: r.id,
      severity: r.severity,
      subject: r.subject,
      message: r.message,
      attributes: JSON.parse(r.attributes) as Record<string, string>,
      ...(r.dedup_key !== null && { dedupKey: r.dedup_key }),
      createdAt: r.created_at,
    }));
  }
}
