import { chainEntry, verifyChain, type AuditRecord } from '../../../../lambdas/core/audit/audit-chain';

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push(chainEntry({ actor: `key-${i % 3}`, action: 'dashboard.update', resource: `dashboards/${i}`, timestamp: 1000 + i, before: { v: i }, after: { v: i + 1 } }, out[i - 1]));
  }
  return out;
}

describe('tamper-evident audit chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyChain(chain(20))).toEqual({ ok: true, count: 20 });
  });

  it('fails at the record whose content was changed', () => {
    const records = chain(20);
    records[7] = { ...records[7], actor: 'someone-else' };
    expect(verifyChain(records)).toEqual({ ok: false, seq: 8, reason: 'content does not match its hash' });
  });

  it('fails where a record was removed or its hash recomputed', () => {
    const removed = chain(10).filter((r) => r.seq !== 5);
    expect(verifyChain(removed)).toEqual({ ok: false, seq: 6, reason: 'expected sequence 5' });
    const records = chain(10);
    const forged = chainEntry({ actor: 'x', action: 'a', resource: 'r', timestamp: 1 }, records[3]);
    records[4] = { ...forged, seq: 5 };
    // A forger who recomputes the hash moves the break to the next record, which still names the old hash.
    expect(verifyChain(records)).toEqual({ ok: false, seq: 6, reason: 'does not chain to the record before it' });
  });
});
