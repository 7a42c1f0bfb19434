import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { ApiKeyStore } from '../api/auth/api-key-store';
import { authSettingsFromEnv } from '../api/auth/auth-settings';
import { authenticate, presentedKey } from '../api/auth/authenticate';
import type { Principal } from '../core/access/roles';
import { getPorts } from './composition/ports-provider';
import { wrapHandler } from './middleware/wrap-handler';

let store: ApiKeyStore | undefined;

/**
 * The API Gateway policy for an authenticated key: every method of this API and stage, because
 * API Gateway caches the decision per key (the identity source) and reuses it on every path;
 * the role check per path runs in the functions (lambdas/api/auth), on the context passed here.
 */
export function allowPolicy(methodArn: string, principal: Principal, usageKeys: Readonly<Record<string, string | undefined>>): APIGatewayAuthorizerResult {
  // arn:aws:execute-api:region:account:apiId/stage/METHOD/path → arn:...:apiId/stage/*
  const [prefix, apiId, stage] = [methodArn.split(':').slice(0, 5).join(':'), ...methodArn.split(':')[5].split('/').slice(0, 2)];
  const usageIdentifierKey = usageKeys[principal.role];
  return {
    principalId: principal.id,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${prefix}:${apiId}/${stage}/*` }] },
    context: { principalId: principal.id, role: principal.role, scopes: (principal.services ?? []).join(','), dashboards: (principal.dashboards ?? []).join(',') },
    ...(usageIdentifierKey && { usageIdentifierKey }),
  };
}

/**
 * Lambda authorizer (REQUEST type, identity source `x-api-key`): checks the key with the same
 * code the local runtime runs (hash in the state table; revoked and expired keys refused) and
 * returns an Allow policy with `{ principalId, role, scopes }` and the role tier's usage-plan
 * key. Unknown, revoked and expired keys get `Unauthorized` (API Gateway answers 401).
 */
export const handler = wrapHandler(
  async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
    const ports = getPorts();
    store ??= new ApiKeyStore(ports.state);
    const settings = authSettingsFromEnv(process.env);
    const result = await authenticate(presentedKey(headers), store, settings, ports.clock.now());
    if ('problem' in result) throw new Error('Unauthorized');
    const usageKeys = { ingest: process.env.USAGE_KEY_INGEST, viewer: process.env.USAGE_KEY_VIEWER, editor: process.env.USAGE_KEY_EDITOR, admin: process.env.USAGE_KEY_ADMIN };
    return allowPolicy(event.methodArn, result.principal, usageKeys);
  },
  { functionName: 'authorizer', defaultRoute: 'authorize' },
);
