import { accessFor, roleAllows, type Principal } from '../../core/access/roles';
import { takeToken, type BucketState } from '../../core/access/token-bucket';
import type { StateStore } from '../../core/ports';
import type { ApiRequest, ApiResponse } from '../http/api-types';
import { errorResponse } from '../http/responses';
import { openApiDocument } from '../openapi/openapi-document';
import { RouteTable } from '../routing/route-table';
import { ApiKeyStore } from './api-key-store';
import { roleForArn, type AuthSettings } from './auth-settings';
import { authenticate, presentedKey, type AuthProblem } from './authenticate';
import { applyScopes } from './scope-filter';

/** What API Gateway says about the caller: the authorizer's context and the SigV4 identity. */
export interface CallerContext {
  /** `requestContext.authorizer` (strings only, as API Gateway passes them). */
  readonly authorizer?: Readonly<Record<string, unknown>> | null;
  readonly userArn?: string | null;
  readonly sourceIp?: string;
}

/** The gate's decision: go on with the (possibly narrowed) request as the principal, or answer now. */
export type GateDecision =
  | { readonly kind: 'allow'; readonly principal: Principal; readonly request: ApiRequest }
  | { readonly kind: 'deny'; readonly response: ApiResponse; readonly principal?: Principal };

/** The principal of requests the gate lets through without a key (public paths, open local mode). */
export const ANONYMOUS: Principal = { id: 'anonymous', kind: 'anonymous', role: 'admin' };

const PROBLEM_TEXT: Record<AuthProblem, string> = {
  missing: 'an API key is required (x-api-key or authorization: Bearer)',
  malformed: 'the API key is not of the form obs_<id>_<secret>',
  unknown: 'the API key is not known',
  revoked: 'the API key has been revoked',
  expired: 'the API key has expired',
};

/**
 * The access-control step every `api` and `ingest` request passes before routing: who is
 * calling (per {@link AuthSettings.mode}), whether the role grants what the path needs
 * (`accessFor`), the principal's service and dashboard scopes, and the per-key rate limit and
 * quota. Refusals: 401 for no, malformed, unknown, revoked or expired keys; 403 for a role or
 * scope that does not allow the request; 429 with `Retry-After` over the limit.
 */
export class AuthGate {
  private readonly buckets = new Map<string, BucketState>();
  private keys: { state: StateStore; store: ApiKeyStore } | undefined;
  private readonly tables: Partial<Record<'api' | 'ingest', RouteTable>> = {};

  constructor(private readonly settings: AuthSettings) {}

  /** The key store over a StateStore (rebuilt when the ports change, as between local runs). */
  keyStore(state: StateStore): ApiKeyStore {
    if (this.keys?.state !== state) this.keys = { state, store: new ApiKeyStore(state) };
    return this.keys.store;
  }

  async check(fn: 'api' | 'ingest', request: ApiRequest, caller: CallerContext, state: StateStore, now: number): Promise<GateDecision> {
    const access = accessFor(request.method, request.path);
    const who = await this.identify(request, caller, state, now);
    if ('response' in who) return access === 'public' ? { kind: 'allow', principal: ANONYMOUS, request } : { kind: 'deny', response: who.response };
    const principal = who.principal;
    if (!roleAllows(principal.role, access)) {
      return { kind: 'deny', principal, response: errorResponse('permission_denied', `role ${principal.role} may not ${access === 'admin' ? 'administer' : access} here`, [{ role: principal.role, access }]) };
    }
    let narrowed = request;
    if (principal.services || principal.dashboards) {
      const table = (this.tables[fn] ??= new RouteTable(openApiDocument(), fn));
      const match = table.match(request.method, request.path);
      const found = match.kind === 'found' ? match : undefined;
      const scoped = applyScopes(principal, request, found?.operation, found?.pathParams ?? {}, openApiDocument());
      if ('denied' in scoped) return { kind: 'deny', principal, response: errorResponse('permission_denied', scoped.denied, [{ services: principal.services, dashboards: principal.dashboards }]) };
      narrowed = scoped.request;
    }
    if (principal.kind !== 'anonymous' && access !== 'public') {
      const limited = this.limit(principal, now);
      if (limited) return { kind: 'deny', principal, response: limited };
    }
    return { kind: 'allow', principal, request: narrowed };
  }

  private async identify(request: ApiRequest, caller: CallerContext, state: StateStore, now: number): Promise<{ principal: Principal } | { response: ApiResponse }> {
    const unauthenticated = (problem: AuthProblem) => ({ response: errorResponse('unauthenticated', PROBLEM_TEXT[problem], [{ reason: problem }], { 'www-authenticate': 'Bearer' }) });
    if (this.settings.mode === 'authorizer') {
      const ctx = caller.authorizer;
      const role = ctx?.role;
      if (typeof role !== 'string' || !['ingest', 'viewer', 'editor', 'admin'].includes(role)) return unauthenticated('missing');
      const list = (v: unknown) => (typeof v === 'string' && v !== '' ? v.split(',') : undefined);
      const services = list(ctx?.scopes);
      const dashboards = list(ctx?.dashboards);
      return { principal: { id: String(ctx?.principalId ?? 'unknown'), kind: 'api-key', role: role as Principal['role'], ...(services && { services }), ...(dashboards && { dashboards }) } };
    }
    if (this.settings.mode === 'iam') {
      const arn = caller.userArn;
      if (!arn) return unauthenticated('missing');
      const role = roleForArn(arn, this.settings.iamRoles);
      if (!role) return { response: errorResponse('permission_denied', 'the IAM principal is not mapped to a role', [{ principal: arn }]) };
      return { principal: { id: arn, kind: 'iam', role } };
    }
    const store = this.keyStore(state);
    const key = presentedKey(request.headers);
    // Open local mode: no bootstrap key and no stored key yet (the first key can then be created).
    if (!this.settings.adminKey && !this.settings.adminKeySha256 && !(await store.any(now))) return { principal: ANONYMOUS };
    const result = await authenticate(key, store, this.settings, now);
    return 'problem' in result ? unauthenticated(result.problem) : result;
  }

  private limit(principal: Principal, now: number): ApiResponse | undefined {
    const decision = takeToken(this.settings.limits[principal.role], this.buckets.get(principal.id), now);
    this.buckets.set(principal.id, decision.state);
    if (decision.allowed) return undefined;
    const retryAfter = String(decision.retryAfterSeconds ?? 1);
    const message = decision.reason === 'quota' ? 'the daily quota of this key is used up' : 'too many requests for this key';
    return errorResponse('rate_limited', message, [{ reason: decision.reason, retryAfterSeconds: decision.retryAfterSeconds }], { 'retry-after': retryAfter });
  }
}
