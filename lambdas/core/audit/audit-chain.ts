import { createHash } from 'node:crypto';

/** One audit entry: who did what, when, from where, with the state before and after. */
export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly resource: string;
  /** Unix ms. */
  readonly timestamp: number;
  readonly sourceIp?: string;
  readonly requestId?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** An entry as stored: numbered and chained to the one before it. */
export interface AuditRecord extends AuditEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The hash the first record chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** Appends an entry after `previous` (undefined for the first), computing its chained hash. */
export function chainEntry(entry: AuditEntry, previous: AuditRecord | undefined): AuditRecord {
  const seq = previous ? previous.seq + 1 : 1;
  const prevHash = previous ? previous.hash : GENESIS_HASH;
  const body = { ...entry, seq, prevHash };
  return { ...body, hash: hashOf(body) };
}

/**
 * Verifies records in sequence order: each hash must be the hash of its content and each
 * must chain to the one before. Returns the first record that fails and why, or ok.
 */
export function verifyChain(records: readonly AuditRecord[], startHash = GENESIS_HASH): { ok: true; count: number } | { ok: false; seq: number; reason: string } {
  let prev = startHash;
  let expectedSeq = records[0]?.seq ?? 1;
  for (const r of records) {
    if (r.seq !== expectedSeq) return { ok: false, seq: r.seq, reason: `expected sequence ${expectedSeq}` };
    if (r.prevHash !== prev) return { ok: false, seq: r.seq, reason: 'does not chain to the record before it' };
    const { hash, ...body } = r;
    if (hashOf(body) !== hash) return { ok: false, seq: r.seq, reason: 'content does not match its hash' };
    prev = hash;
    expectedSeq++;
  }
  return { ok: true, count: records.length };
}

function hashOf(body: object): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}
