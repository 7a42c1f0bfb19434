import type { Signal, StreamRecord } from '../../core/domain/telemetry';
import { systemClock, type Clock } from '../../core/ports/clock';
import type { StreamPutResult, TelemetryStream } from '../../core/ports/telemetry-stream';
import type { Database } from './sqlite-database';

/** A record handed to a consumer; seq is a per-signal, strictly increasing sequence number (like a Kinesis sequence number). */
export interface DeliveredRecord {
  readonly seq: number;
  readonly id: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly attempts: number;
  readonly arrivedAt: number;
}

/** A record a consumer gave up on, with the reason it gave. */
export interface DeadLetter {
  readonly seq: number;
  readonly id: string;
  readonly reason: string;
  readonly attempts: number;
  readonly data: Uint8Array;
}

/** Kinesis' own limit, kept locally so a payload that works here also works on AWS. */
const MAX_RECORD_BYTES = 1024 * 1024;
const MAX_PARTITION_KEY_CHARS = 256;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS stream_records (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  signal TEXT NOT NULL,
  id TEXT NOT NULL,
  partition_key TEXT NOT NULL,
  data BLOB NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  arrived_at INTEGER NOT NULL,
  due_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS stream_records_id ON stream_records (signal, id);
CREATE INDEX IF NOT EXISTS stream_records_due ON stream_records (signal, due_at, seq);
CREATE TABLE IF NOT EXISTS stream_dead_letters (
  seq INTEGER PRIMARY KEY,
  signal TEXT NOT NULL,
  id TEXT NOT NULL,
  partition_key TEXT NOT NULL,
  data BLOB NOT NULL,
  attempts INTEGER NOT NULL,
  arrived_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  dead_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS stream_dead_letters_signal ON stream_dead_letters (signal, seq);
`;

interface RecordRow {
  seq: number;
  id: string;
  partition_key: string;
  data: Buffer;
  attempts: number;
  arrived_at: number;
}

/**
 * The local telemetry stream: one durable SQLite queue per signal. `put` commits before it
 * resolves; consumers `receive` due records in sequence order and settle each with `ack`,
 * `retry` (with a delay) or `deadLetter`. Records are not leased: the single local consumer
 * per signal must settle what it received before receiving again.
 */
export class SqliteTelemetryStream implements TelemetryStream {
  // AUTOINCREMENT keeps seq strictly increasing even after the newest records are acked (deleted).
  private readonly insert;
  private readonly selectDue;
  private readonly deleteOne;
  private readonly retryOne;
  private readonly copyToDead;
  private readonly countPending;
  private readonly selectDead;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock = systemClock,
  ) {
    db.exec(SCHEMA);
    this.insert = db.prepare(
      `INSERT INTO stream_records (signal, id, partition_key, data, attempts, arrived_at, due_at)
       VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (signal, id) DO NOTHING`,
    );
    this.selectDue = db.prepare(
      `SELECT seq, id, partition_key, data, attempts, arrived_at FROM stream_records
       WHERE signal = ? AND due_at <= ? ORDER BY seq LIMIT ?`,
    );
    this.deleteOne = db.prepare('DELETE FROM stream_records WHERE signal = ? AND seq = ?');
    this.retryOne = db.prepare(
      'UPDATE stream_records SET attempts = attempts + 1, due_at = ? WHERE signal = ? AND seq = ?',
    );
    this.copyToDead = db.prepare(
      `INSERT OR REPLACE INTO stream_dead_letters (seq, signal, id, partition_key, data, attempts, arrived_at, reason, dead_at)
       SELECT seq, signal, id, partition_key, data, attempts, arrived_at, ?, ? FROM stream_records WHERE signal = ? AND seq = ?`,
    );
    this.countPending = db.prepare('SELECT count(*) AS n FROM stream_records WHERE signal = ?');
    this.selectDead = db.prepare(
      'SELECT seq, id, reason, attempts, data FROM stream_dead_letters WHERE signal = ? ORDER BY seq',
    );
  }

  /** Stores the records in one transaction; an id already queued and not yet acked is skipped. */
  async put(signal: Signal, records: readonly StreamRecord[]): Promise<StreamPutResult> {
    const failed: { id: string; reason: string }[] = [];
    const now = this.clock.now();
    this.db.transaction(() => {
      for (const r of records) {
        const reason = invalidReason(r);
        if (reason) failed.push({ id: r.id, reason });
        else this.insert.run(signal, r.id, r.partitionKey, Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength), now, now);
      }
    })();
    return { failed };
  }

  /** Due, unsettled records in sequence order. */
  receive(signal: Signal, max: number): DeliveredRecord[] {
    if (max <= 0) return [];
    const rows = this.selectDue.all(signal, this.clock.now(), Math.floor(max)) as RecordRow[];
    return rows.map((r) => ({
      seq: r.seq,
      id: r.id,
      partitionKey: r.partition_key,
      data: new Uint8Array(r.data),
      attempts: r.attempts,
      arrivedAt: r.arrived_at,
    }));
  }

  /** Marks records done: they are deleted. */
  ack(signal: Signal, seqs: readonly number[]): void {
    this.db.transaction(() => {
      for (const seq of seqs) this.deleteOne.run(signal, seq);
    })();
  }

  /** Counts one more attempt and hides the records until `delayMs` from now. */
  retry(signal: Signal, seqs: readonly number[], delayMs: number): void {
    const due = this.clock.now() + Math.max(0, delayMs);
    this.db.transaction(() => {
      for (const seq of seqs) this.retryOne.run(due, signal, seq);
    })();
  }

  /** Moves records to the dead-letter table with the reason. */
  deadLetter(signal: Signal, seqs: readonly number[], reason: string): void {
    const now = this.clock.now();
    this.db.transaction(() => {
      for (const seq of seqs) {
        this.copyToDead.run(reason, now, signal, seq);
        this.deleteOne.run(signal, seq);
      }
    })();
  }

  /** Dead-lettered records of a signal, oldest first. */
  deadLetters(signal: Signal): DeadLetter[] {
    const rows = this.selectDead.all(signal) as { seq: number; id: string; reason: string; attempts: number; data: Buffer }[];
    return rows.map((r) => ({ seq: r.seq, id: r.id, reason: r.reason, attempts: r.attempts, data: new Uint8Array(r.data) }));
  }

  /** How many records of a signal wait for an ack (due or delayed). */
  pending(signal: Signal): number {
    return (this.countPending.get(signal) as { n: number }).n;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }
}

function invalidReason(r: StreamRecord): string | undefined {
  if (!r.id) return 'record id is empty';
  const keyChars = r.partitionKey.length;
  if (keyChars < 1 || keyChars > MAX_PARTITION_KEY_CHARS) return `partition key must be 1 to ${MAX_PARTITION_KEY_CHARS} characters`;
  const size = r.data.byteLength + Buffer.byteLength(r.partitionKey, 'utf8');
  if (size > MAX_RECORD_BYTES) return `record is ${size} bytes with its partition key; the limit is ${MAX_RECORD_BYTES}`;
  return undefined;
}
