import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayRequestAuthorizerEvent, Context } from 'aws-lambda';
import { ApiKeyStore } from '../../../lambdas/api/auth/api-key-store';
import { createApiKey, parseApiKey } from '../../../lambdas/core/access/api-keys';
import { ManualClock } from '../../../lambdas/core/ports';
import { usePorts } from '../../../lambdas/handlers/composition/ports-provider';
import { configureObservability } from '../../../lambdas/handlers/middleware/observability';
import { handler } from '../../../lambdas/handlers/authorizer';
import { openEmbeddedPorts, type EmbeddedPorts } from '../../../lambdas/local/embedded-ports';

const ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/monitoring/logs';
const context = { awsRequestId: 'r1', functionName: 'authorizer' } as Context;
const event = (headers: Record<string, string>): APIGatewayRequestAuthorizerEvent => ({ type: 'REQUEST', methodArn: ARN, headers } as unknown as APIGatewayRequestAuthorizerEvent);

describe('authorizer handler', () => {
  let dir: string;
  let embedded: EmbeddedPorts;
  const clock = new ManualClock(1_800_000_000_000);
  const lines: string[] = [];
  let previous: ReturnType<typeof configureObservability>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'authorizer-'));
    embedded = openEmbeddedPorts(dir, clock);
    usePorts(embedded.ports);
    previous = configureObservability({ sink: (l) => lines.push(l), emf: false });
    process.env.USAGE_KEY_VIEWER = 'observability-tier-viewer-usage-key';
  });
  afterAll(() => {
    usePorts(undefined);
    configureObservability(previous);
    delete process.env.USAGE_KEY_VIEWER;
    embedded.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('allows a stored key on the whole stage with role, scopes and the tier usage key', async () => {
    const { key, record } = createApiKey({ name: 'grafana', role: 'viewer', services: ['checkout', 'cart'] }, clock.now());
    await new ApiKeyStore(embedded.ports.state).put(record);
    const result = await handler(event({ 'X-Api-Key': key }), context);
    expect(result.principalId).toBe(record.id);
    expect(result.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*' }]);
    expect(result.context).toEqual({ principalId: record.id, role: 'viewer', scopes: 'checkout,cart', dashboards: '' });
    expect(result.usageIdentifierKey).toBe('observability-tier-viewer-usage-key');
    // The secret part (base64url may contain '_', so no split).
    expect(lines.join('\n')).not.toContain(parseApiKey(key)!.secret);
  });

  it('answers Unauthorized (401) for missing, unknown, revoked and expired keys', async () => {
    const store = new ApiKeyStore(embedded.ports.state);
    const revoked = createApiKey({ name: 'r', role: 'admin' }, clock.now());
    await store.put({ ...revoked.record, revokedAt: clock.now() - 1 });
    const expired = createApiKey({ name: 'e', role: 'admin', expiresAt: clock.now() - 1 }, clock.now() - 10);
    await store.put(expired.record);
    for (const headers of [{} as Record<string, string>, { 'x-api-key': `obs_${'a'.repeat(16)}_${'b'.repeat(43)}` }, { 'x-api-key': revoked.key }, { 'x-api-key': expired.key }, { 'x-api-key': 'garbage' }]) {
      await expect(handler(event(headers), context)).rejects.toThrow('Unauthorized');
    }
  });
});
