import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, AUDIT_KIND, seqId } from '../../../../lambdas/api/audit/audit-log';
import type { AuditRecord } from '../../../../lambdas/core/audit/audit-chain';
import { ManualClock, type StateStore } from '../../../../lambdas/core/ports';
import { openEmbeddedPorts, type EmbeddedPorts } from '../../../../lambdas/local/embedded-ports';

// Every call yields for a random moment, so concurrent appenders interleave at every await.
function jittery(state: StateStore): StateStore {
  const pause = () => new Promise<void>((r) => setTimeout(r, Math.random() * 3));
  return {
    ping: () => state.ping(),
    get: async (k, i) => (await pause(), state.get(k, i)),
    put: async (k, i, v, o) => (await pause(), state.put(k, i, v, o)),
    delete: async (k, i, o) => (await pause(), state.delete(k, i, o)),
    list: async (k, o) => (await pause(), state.list(k, o)),
  };
}

describe('AuditLog', () => {
  let dir: string;
  let embedded: EmbeddedPorts;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
    embedded = openEmbeddedPorts(dir, new ManualClock(1_700_000_000_000));
  });
  afterEach(() => {
    embedded.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const entry = (i: number) => ({ actor: `api-key:k${i % 3}`, action: i % 2 ? 'PUT /monitoring/slos/a' : 'GET /monitoring/logs', resource: '/monitoring/slos/a', timestamp: 1_700_000_000_000 + i, before: { n: i - 1 }, after: { n: i } });

  it('never forks the chain under concurrent appends', async () => {
    const logs = Array.from({ length: 8 }, () => new AuditLog(jittery(embedded.ports.state)));
    const records = await Promise.all(Array.from({ length: 80 }, (_, i) => logs[i % logs.length].append(entry(i))));
    expect(new Set(records.map((r) => r.seq)).size).toBe(80);
    expect(Math.max(...records.map((r) => r.seq))).toBe(80);
    const result = await new AuditLog(embedded.ports.state).verify();
    expect(result).toEqual({ ok: true, count: 80, headSeq: 80 });
  });

  it('fails verification at exactly the record that was tampered with', async () => {
    const log = new AuditLog(embedded.ports.state);
    for (let i = 0; i < 20; i++) await log.append(entry(i));
    expect((await log.verify()).ok).toBe(true);
    const item = await embedded.ports.state.get<AuditRecord>(AUDIT_KIND, seqId(13));
    await embedded.ports.state.put(AUDIT_KIND, seqId(13), { ...item!.value, actor: 'api-key:someone-else' });
    const result = await log.verify();
    expect(result).toMatchObject({ ok: false, seq: 13, reason: 'content does not match its hash' });
  });

  it('fails when a record is rehashed to hide an edit (the next record no longer chains), and when the tail is cut', async () => {
    const log = new AuditLog(embedded.ports.state);
    for (let i = 0; i < 10; i++) await log.append(entry(i));
    const { chainEntry } = await import('../../../../lambdas/core/audit/audit-chain');
    const prev = (await embedded.ports.state.get<AuditRecord>(AUDIT_KIND, seqId(4)))!.value;
    const forged = chainEntry({ ...entry(4), actor: 'forged' }, prev);
    await embedded.ports.state.put(AUDIT_KIND, seqId(5), forged);
    expect(await log.verify()).toMatchObject({ ok: false, seq: 6, reason: 'does not chain to the record before it' });

    const dir2 = mkdtempSync(join(tmpdir(), 'audit-'));
    const other = openEmbeddedPorts(dir2);
    const log2 = new AuditLog(other.ports.state);
    for (let i = 0; i < 5; i++) await log2.append(entry(i));
    await other.ports.state.delete(AUDIT_KIND, seqId(5));
    expect(await log2.verify()).toMatchObject({ ok: false, seq: 5 });
    other.close();
    rmSync(dir2, { recursive: true, force: true });
  });

  it('pages and filters', async () => {
    const log = new AuditLog(embedded.ports.state);
    for (let i = 0; i < 12; i++) await log.append(entry(i));
    const first = await log.list({}, 5);
    expect(first.items.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    const second = await log.list({}, 5, first.nextCursor);
    expect(second.items[0].seq).toBe(6);
    const byActor = await log.list({ actor: 'api-key:k1' }, 100);
    expect(byActor.items.map((r) => r.seq)).toEqual([2, 5, 8, 11]);
    const byTime = await log.list({ from: 1_700_000_000_003, to: 1_700_000_000_005 }, 100);
    expect(byTime.items.map((r) => r.seq)).toEqual([4, 5]);
  });
});
