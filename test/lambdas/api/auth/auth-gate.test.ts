import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthGate } from '../../../../lambdas/api/auth/auth-gate';
import { DEFAULT_LIMITS, authSettingsFromEnv, roleForArn } from '../../../../lambdas/api/auth/auth-settings';
import { nestingDepth } from '../../../../lambdas/api/auth/body-guard';
import { withSecurityHeaders } from '../../../../lambdas/api/auth/security-headers';
import type { ApiRequest } from '../../../../lambdas/api/http/api-types';
import { openEmbeddedPorts, type EmbeddedPorts } from '../../../../lambdas/local/embedded-ports';

const req = (method: string, path: string, query: Record<string, string[]> = {}): ApiRequest => ({ method, path, query, headers: {}, requestId: 'r' });

describe('AuthGate in authorizer and IAM modes', () => {
  let dir: string;
  let embedded: EmbeddedPorts;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gate-'));
    embedded = openEmbeddedPorts(dir);
  });
  afterAll(() => {
    embedded.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trusts the authorizer context and checks the role per path', async () => {
    const gate = new AuthGate({ mode: 'authorizer', iamRoles: [], limits: DEFAULT_LIMITS });
    const viewer = { authorizer: { principalId: 'k1', role: 'viewer', scopes: '' } };
    expect((await gate.check('api', req('GET', '/monitoring/metrics'), viewer, embedded.ports.state, 0)).kind).toBe('allow');
    const denied = await gate.check('api', req('POST', '/monitoring/dashboards'), viewer, embedded.ports.state, 0);
    expect(denied.kind === 'deny' && denied.response.statusCode).toBe(403);
    const none = await gate.check('api', req('GET', '/monitoring/metrics'), {}, embedded.ports.state, 0);
    expect(none.kind === 'deny' && none.response.statusCode).toBe(401);
    expect((await gate.check('api', req('GET', '/health'), {}, embedded.ports.state, 0)).kind).toBe('allow');
    // Scopes from the context narrow service queries.
    const scoped = await gate.check('api', req('GET', '/monitoring/logs'), { authorizer: { principalId: 'k2', role: 'editor', scopes: 'checkout' } }, embedded.ports.state, 0);
    expect(scoped.kind === 'allow' && scoped.request.query.service).toEqual(['checkout']);
    // Dashboard scopes limit /monitoring/dashboards/{id}.
    const dash = { authorizer: { principalId: 'k3', role: 'editor', scopes: '', dashboards: 'team-a' } };
    expect((await gate.check('api', req('GET', '/monitoring/dashboards/team-a'), dash, embedded.ports.state, 0)).kind).toBe('allow');
    const other = await gate.check('api', req('PUT', '/monitoring/dashboards/team-b'), dash, embedded.ports.state, 0);
    expect(other.kind === 'deny' && other.response.statusCode).toBe(403);
  });

  it('maps IAM principals to roles by ARN pattern; unmapped principals get 403', async () => {
    const iamRoles = [
      { pattern: 'arn:aws:sts::123456789012:assumed-role/Producers-*', role: 'ingest' as const },
      { pattern: 'arn:aws:iam::123456789012:role/Ops', role: 'admin' as const },
    ];
    expect(roleForArn('arn:aws:sts::123456789012:assumed-role/Producers-eu/session', iamRoles)).toBe('ingest');
    expect(roleForArn('arn:aws:iam::123456789012:role/Ops2', iamRoles)).toBeUndefined();
    const gate = new AuthGate({ mode: 'iam', iamRoles, limits: DEFAULT_LIMITS });
    const producer = { userArn: 'arn:aws:sts::123456789012:assumed-role/Producers-eu/s' };
    expect((await gate.check('ingest', req('POST', '/v1/metrics'), producer, embedded.ports.state, 0)).kind).toBe('allow');
    const read = await gate.check('api', req('GET', '/monitoring/metrics'), producer, embedded.ports.state, 0);
    expect(read.kind === 'deny' && read.response.statusCode).toBe(403);
    const stranger = await gate.check('api', req('GET', '/monitoring/metrics'), { userArn: 'arn:aws:iam::999999999999:user/x' }, embedded.ports.state, 0);
    expect(stranger.kind === 'deny' && stranger.response.statusCode).toBe(403);
  });

  it('reads its settings from the environment, ignoring junk', () => {
    const s = authSettingsFromEnv({ AUTH_MODE: 'iam', IAM_ROLE_MAP: '[{"pattern":"*","role":"viewer"},{"pattern":"x","role":"root"}]', RATE_LIMITS: '{"viewer":{"burst":3}}' });
    expect(s.mode).toBe('iam');
    expect(s.iamRoles).toEqual([{ pattern: '*', role: 'viewer' }]);
    expect(s.limits.viewer).toEqual({ ...DEFAULT_LIMITS.viewer, burst: 3 });
    expect(authSettingsFromEnv({ AUTH_MODE: 'bogus', RATE_LIMITS: '{' }).mode).toBe('local');
  });

  it('measures nesting outside strings and sets security headers', () => {
    expect(nestingDepth(Buffer.from('{"a":[1,{"b":"[[[[["}]}'), 64)).toBe(3);
    expect(nestingDepth(Buffer.from('['.repeat(1000)), 64)).toBe(65);
    const h = withSecurityHeaders({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' }).headers!;
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['cache-control']).toBe('no-store');
    expect(h['content-security-policy']).toContain("default-src 'none'");
    const html = withSecurityHeaders({ statusCode: 200, headers: { 'content-type': 'text/html', 'cache-control': 'max-age=60' } }).headers!;
    expect(html['cache-control']).toBe('max-age=60');
    expect(html['content-security-policy']).toBeUndefined();
  });
});
