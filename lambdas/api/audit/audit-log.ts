import { chainEntry, verifyChain, type AuditEntry, type AuditRecord } from '../../core/audit/audit-chain';
import { ConflictError } from '../../core/domain/errors';
import type { StateStore } from '../../core/ports';

/** State kinds of the trail: one item per record (id = zero-padded sequence) and the head pointer. */
export const AUDIT_KIND = 'audit';
export const AUDIT_HEAD_KIND = 'audit-head';

interface Head {
  readonly seq: number;
  readonly hash: string;
}

/** Filters of {@link AuditLog.list}. */
export interface AuditFilter {
  readonly actor?: string;
  readonly action?: string;
  /** Resource prefix. */
  readonly resource?: string;
  /** Unix ms, inclusive. */
  readonly from?: number;
  /** Unix ms, exclusive. */
  readonly to?: number;
}

/** The outcome of a verification: the count checked, or the first bad record and why. */
export type AuditVerification = { readonly ok: true; readonly count: number; readonly headSeq: number } | { readonly ok: false; readonly seq: number; readonly reason: string; readonly count: number };

/** Where a copy of each appended record goes (the Object Lock bucket on AWS). */
export type AuditCopy = (record: AuditRecord) => Promise<void>;

/**
 * The audit trail: an append-only hash chain in the StateStore. Each record is created at its
 * own sequence id with `expectedVersion: 0`, so two concurrent appenders can never both write
 * the same position; the loser re-reads the tail and chains after the winner. The head item
 * only speeds up finding the tail (it may lag; appends walk forward from it).
 */
export class AuditLog {
  constructor(
    private readonly state: StateStore,
    private readonly copy?: AuditCopy,
  ) {}

  async append(entry: AuditEntry): Promise<AuditRecord> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const tail = await this.tail();
      const record = chainEntry(entry, tail);
      try {
        await this.state.put(AUDIT_KIND, seqId(record.seq), record, { expectedVersion: 0 });
      } catch (e) {
        if (e instanceof ConflictError) continue;
        throw e;
      }
      await this.advanceHead(record);
      // The chain in the state table is the record of truth: a failed copy is reported, not fatal
      // (verification and a re-copy from the table can still cover it).
      if (this.copy) await this.copy(record).catch((e: unknown) => console.error(JSON.stringify({ level: 'error', message: 'audit copy failed', seq: record.seq, error: (e as Error).message })));
      return record;
    }
    throw new ConflictError('the audit trail is contended; try again');
  }

  /** One page of records in sequence order, filtered; a page may hold fewer than `limit` matches. */
  async list(filter: AuditFilter, limit: number, cursor?: string): Promise<{ items: AuditRecord[]; nextCursor?: string }> {
    const page = await this.state.list<AuditRecord>(AUDIT_KIND, { limit, cursor });
    const items = page.items.map((i) => i.value).filter((r) => matches(r, filter));
    return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** Checks the whole chain and that the head points at its last record (a cut tail fails). */
  async verify(): Promise<AuditVerification> {
    const records: AuditRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.state.list<AuditRecord>(AUDIT_KIND, { limit: 1000, cursor });
      for (const item of page.items) records.push(item.value);
      cursor = page.nextCursor;
    } while (cursor);
    records.sort((a, b) => a.seq - b.seq);
    const result = verifyChain(records);
    if (!result.ok) return { ...result, count: records.length };
    const head = (await this.state.get<Head>(AUDIT_HEAD_KIND, 'head'))?.value;
    const last = records[records.length - 1];
    if (head && (!last || head.seq > last.seq)) return { ok: false, seq: head.seq, reason: 'the head names a record that is missing', count: records.length };
    if (head && last && head.seq === last.seq && head.hash !== last.hash) return { ok: false, seq: last.seq, reason: 'the record differs from the hash the head recorded', count: records.length };
    return { ok: true, count: records.length, headSeq: last?.seq ?? 0 };
  }

  private async tail(): Promise<AuditRecord | undefined> {
    const head = (await this.state.get<Head>(AUDIT_HEAD_KIND, 'head'))?.value;
    let current = head ? (await this.state.get<AuditRecord>(AUDIT_KIND, seqId(head.seq)))?.value : undefined;
    let seq = head?.seq ?? 0;
    // Walk past records appended after the head was last moved.
    for (;;) {
      const next = (await this.state.get<AuditRecord>(AUDIT_KIND, seqId(seq + 1)))?.value;
      if (!next) return current;
      current = next;
      seq++;
    }
  }

  private async advanceHead(record: AuditRecord): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const item = await this.state.get<Head>(AUDIT_HEAD_KIND, 'head');
      if (item && item.value.seq >= record.seq) return;
      try {
        await this.state.put(AUDIT_HEAD_KIND, 'head', { seq: record.seq, hash: record.hash }, { expectedVersion: item?.version ?? 0 });
        return;
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
      }
    }
  }
}

/** The state id of a sequence number: zero-padded so id order is sequence order. */
export function seqId(seq: number): string {
  return String(seq).padStart(12, '0');
}

function matches(r: AuditRecord, f: AuditFilter): boolean {
  if (f.actor !== undefined && r.actor !== f.actor) return false;
  if (f.action !== undefined && r.action !== f.action) return false;
  if (f.resource !== undefined && !r.resource.startsWith(f.resource)) return false;
  if (f.from !== undefined && r.timestamp < f.from) return false;
  if (f.to !== undefined && r.timestamp >= f.to) return false;
  return true;
}
