import { accessFor, type Principal } from '../../core/access/roles';
import type { AuditEntry } from '../../core/audit/audit-chain';
import type { ApiRequest, ApiResponse } from '../http/api-types';
import type { AuditLog } from './audit-log';

const SECRET_FIELDS = /^(key|apikey|secret|password|token|authorization|signingsecret|routingkey)$/i;

/** Whether a request belongs in the trail: every mutation, every admin call and every sensitive read (not telemetry ingest). */
export function isAudited(request: ApiRequest): boolean {
  const access = accessFor(request.method, request.path);
  return access === 'write' || access === 'admin' || access === 'read-sensitive';
}

/** Whether a request changes state (then the trail records the state before and after). */
export function isMutation(request: ApiRequest): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(request.method) && accessFor(request.method, request.path) !== 'read-sensitive' && accessFor(request.method, request.path) !== 'read';
}

/**
 * Writes one audit record for a served request: actor, action (`METHOD path`), resource,
 * source address, request id, the answer's status and, for mutations, the resource as a GET
 * showed it before and the answer after. Secrets (`key`, `secret`, `token`...) are redacted.
 */
export async function recordAudit(log: AuditLog, input: { principal?: Principal; request: ApiRequest; response: ApiResponse; sourceIp?: string; before?: unknown; now: number }): Promise<void> {
  const { request, response } = input;
  const entry: AuditEntry & { status: number; outcome: string } = {
    actor: input.principal ? `${input.principal.kind}:${input.principal.id}` : 'unauthenticated',
    action: `${request.method} ${request.path}`,
    resource: request.path,
    timestamp: input.now,
    ...(input.sourceIp && { sourceIp: input.sourceIp }),
    requestId: request.requestId,
    status: response.statusCode,
    outcome: response.statusCode < 400 ? 'success' : response.statusCode === 401 || response.statusCode === 403 ? 'denied' : 'failed',
    ...(isMutation(request) && input.before !== undefined && { before: redact(input.before) }),
    ...(isMutation(request) && response.statusCode < 400 && { after: redact(jsonBody(response)) ?? null }),
  };
  await log.append(entry);
}

/** The JSON body of an answer, or undefined when it has none. */
export function jsonBody(response: ApiResponse): unknown {
  if (typeof response.body !== 'string' || response.body === '') return undefined;
  try {
    return JSON.parse(response.body);
  } catch {
    return undefined;
  }
}

/** A copy with every secret-looking field replaced by `[redacted]`. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_FIELDS.test(k) ? '[redacted]' : redact(v)]));
}
