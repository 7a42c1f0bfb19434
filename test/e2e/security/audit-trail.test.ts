import type { AuditRecord } from '../../../lambdas/core/audit/audit-chain';
import { AUDIT_KIND, seqId } from '../../../lambdas/api/audit/audit-log';
import { BOOTSTRAP_KEY, startSecuredPlatform, type SecuredPlatform } from './security-fixture';

jest.setTimeout(60_000);

interface Page {
  items: (AuditRecord & { status: number; outcome: string })[];
}

describe('audit trail through the API (local runtime)', () => {
  let s: SecuredPlatform;
  let admin: string;
  let editor: string;
  beforeAll(async () => {
    s = await startSecuredPlatform();
    admin = (await s.createKey('admin')).key;
    editor = (await s.createKey('editor')).key;
  });
  afterAll(() => s.close());

  it('records who changed what, from where, with the state before and after', async () => {
    const created = await s.call('POST', '/monitoring/dashboards', editor, { id: 'audited', title: 'First', panels: [] });
    expect(created.status).toBe(201);
    expect((await s.call('PUT', '/monitoring/dashboards/audited', editor, { id: 'audited', title: 'Second', panels: [] })).status).toBe(200);
    const page = (await (await s.call('GET', '/monitoring/admin/audit?resource=/monitoring/dashboards/audited', admin)).json()) as Page;
    const put = page.items.find((r) => r.action === 'PUT /monitoring/dashboards/audited')!;
    expect(put.actor).toMatch(/^api-key:[0-9a-f]{16}$/);
    expect(put.sourceIp).toBe('127.0.0.1');
    expect(put.status).toBe(200);
    expect((put.before as { title: string }).title).toBe('First');
    expect((put.after as { title: string }).title).toBe('Second');
  });

  it('records sensitive reads and refusals, redacts keys, and skips plain reads', async () => {
    const viewer = (await s.createKey('viewer')).key;
    await s.call('GET', '/monitoring/logs', editor);
    await s.call('GET', '/monitoring/logs', viewer);
    await s.call('GET', '/monitoring/metrics', viewer);
    const page = (await (await s.call('GET', '/monitoring/admin/audit?limit=1000', admin)).json()) as Page;
    const logs = page.items.filter((r) => r.action === 'GET /monitoring/logs');
    expect(logs.map((r) => r.outcome)).toEqual(['success', 'denied']);
    expect(page.items.some((r) => r.action.startsWith('GET /monitoring/metrics'))).toBe(false);
    const text = JSON.stringify(page);
    expect(text).not.toMatch(/obs_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/);
    expect(page.items.some((r) => r.action === 'POST /monitoring/admin/api-keys' && (r as unknown as { after: { key: string } }).after.key === '[redacted]')).toBe(true);
  });

  it('verifies, and names the first bad record after tampering', async () => {
    const ok = (await (await s.call('GET', '/monitoring/admin/audit/verify', BOOTSTRAP_KEY)).json()) as { valid: boolean; count: number };
    expect(ok.valid).toBe(true);
    expect(ok.count).toBeGreaterThan(5);
    const victim = 3;
    const item = await s.platform.ports.state.get<AuditRecord>(AUDIT_KIND, seqId(victim));
    await s.platform.ports.state.put(AUDIT_KIND, seqId(victim), { ...item!.value, after: { title: 'rewritten' } });
    const bad = (await (await s.call('GET', '/monitoring/admin/audit/verify', BOOTSTRAP_KEY)).json()) as { valid: boolean; firstBadSeq: number; reason: string };
    expect(bad).toMatchObject({ valid: false, firstBadSeq: victim, reason: 'content does not match its hash' });
  });
});
