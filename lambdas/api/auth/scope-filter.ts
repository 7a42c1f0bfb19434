import { canUseDashboard, type Principal } from '../../core/access/roles';
import type { ApiRequest } from '../http/api-types';
import type { OpenApiDocument, OperationObject, ParameterObject } from '../openapi/openapi-types';

/** The outcome of applying a principal's scopes to a request. */
export type ScopeOutcome = { readonly request: ApiRequest } | { readonly denied: string };

/**
 * Narrows a request to a scoped principal's services and dashboards, where the operation can
 * filter: a `service` query parameter (given: must be in scope; absent: set to the one scoped
 * service, or refused when several are scoped), a `{service}` path parameter, and the
 * `{id}` of `/monitoring/dashboards/{id}`. Operations with neither are not narrowed
 * (documented in lambdas/api/auth/README.md).
 */
export function applyScopes(principal: Principal, request: ApiRequest, operation: OperationObject | undefined, pathParams: Readonly<Record<string, string>>, document: OpenApiDocument): ScopeOutcome {
  if (principal.dashboards && request.path.startsWith('/monitoring/dashboards/') && pathParams.id !== undefined && !canUseDashboard(principal, pathParams.id)) {
    return { denied: `dashboard ${pathParams.id} is outside this key's scope` };
  }
  const services = principal.services;
  if (!services || !operation) return { request };
  const params = (operation.parameters ?? []).map((p) => resolve(p, document)).filter((p): p is Exclude<ParameterObject, { $ref: string }> => p !== undefined && !('$ref' in p));
  if (params.some((p) => p.in === 'path' && p.name === 'service') && pathParams.service !== undefined && !services.includes(pathParams.service)) {
    return { denied: `service ${pathParams.service} is outside this key's scope` };
  }
  if (!params.some((p) => p.in === 'query' && p.name === 'service')) return { request };
  const asked = request.query.service ?? [];
  const outside = asked.filter((s) => !services.includes(s));
  if (outside.length > 0) return { denied: `service ${outside.join(', ')} is outside this key's scope` };
  if (asked.length > 0) return { request };
  if (services.length !== 1) return { denied: `this key is scoped to several services; name one with service=` };
  return { request: { ...request, query: { ...request.query, service: [services[0]] } } };
}

function resolve(p: ParameterObject, document: OpenApiDocument): ParameterObject | undefined {
  if (!('$ref' in p)) return p;
  const name = p.$ref.replace('#/components/parameters/', '');
  return document.components.parameters[name];
}
