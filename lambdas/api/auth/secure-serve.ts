import type { Ports } from '../../core/ports';
import type { ApiRequest, ApiResponse } from '../http/api-types';
import { AuditLog, type AuditCopy } from '../audit/audit-log';
import { isAudited, isMutation, jsonBody, recordAudit } from '../audit/audit-recorder';
import { AuthGate, type CallerContext } from './auth-gate';
import { authSettingsFromEnv, type AuthSettings } from './auth-settings';
import { refuseDeepBody } from './body-guard';
import { withSecurityHeaders } from './security-headers';

/** What {@link secureServe} calls to answer an allowed request (the router). */
export type Serve = (request: ApiRequest) => Promise<{ response: ApiResponse; route: string }>;

let gate: AuthGate | undefined;
let auditCopy: AuditCopy | undefined;

/** Replaces the access settings (tests, the local runtime); `undefined` goes back to reading the environment on next use. */
export function useAuthSettings(settings: AuthSettings | undefined): void {
  gate = settings ? new AuthGate(settings) : undefined;
}

/** Installs where audit records are copied (the Object Lock bucket on AWS); `undefined` for none. */
export function useAuditCopy(copy: AuditCopy | undefined): void {
  auditCopy = copy;
}

/** The gate in use (built from the environment on first use). */
export function authGate(): AuthGate {
  if (!gate) {
    gate = new AuthGate(authSettingsFromEnv(process.env));
    const bucket = process.env.AUDIT_BUCKET;
    if (bucket && !auditCopy) {
      // Required here, not imported: the local runtime never loads the S3 client.
      const { S3Client } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
      const { s3AuditCopy } = require('../../adapters/aws/s3-audit-copy') as typeof import('../../adapters/aws/s3-audit-copy');
      auditCopy = s3AuditCopy(new S3Client({}), bucket);
    }
  }
  return gate;
}

/**
 * The one security step around routing, for both functions and both runtimes: the access
 * gate, the nesting guard on text bodies, then the router, then the audit record (mutations, admin calls, sensitive reads, and
 * refusals of those), then the security headers on whatever the answer is.
 */
export async function secureServe(fn: 'api' | 'ingest', request: ApiRequest, caller: CallerContext, ports: () => Ports, serve: Serve): Promise<{ response: ApiResponse; route: string }> {
  const p = ports();
  const now = p.clock.now();
  const decision = await authGate().check(fn, request, caller, p.state, now);
  const audited = isAudited(request);
  const log = audited ? new AuditLog(p.state, auditCopy) : undefined;
  if (decision.kind === 'deny') {
    if (log) await recordAudit(log, { principal: decision.principal, request, response: decision.response, sourceIp: caller.sourceIp, now });
    return { response: withSecurityHeaders(decision.response), route: 'refused' };
  }
  const deep = refuseDeepBody(decision.request);
  if (deep) {
    if (log) await recordAudit(log, { principal: decision.principal, request, response: deep, sourceIp: caller.sourceIp, now });
    return { response: withSecurityHeaders(deep), route: 'refused' };
  }
  const before = log && isMutation(decision.request) && decision.request.method !== 'POST' ? await snapshot(decision.request, serve) : undefined;
  const served = await serve(decision.request);
  if (log) await recordAudit(log, { principal: decision.principal, request: decision.request, response: served.response, sourceIp: caller.sourceIp, before, now: p.clock.now() });
  return { response: withSecurityHeaders(served.response), route: served.route };
}

// The resource as a GET of the same path shows it before the change (undefined when there is none).
async function snapshot(request: ApiRequest, serve: Serve): Promise<unknown> {
  const { response } = await serve({ ...request, method: 'GET', body: undefined, query: {} });
  return response.statusCode === 200 ? jsonBody(response) : undefined;
}
