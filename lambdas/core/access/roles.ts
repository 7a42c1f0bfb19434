/** Roles, from least to most powerful; `ingest` may only send telemetry. */
export type Role = 'ingest' | 'viewer' | 'editor' | 'admin';

/** What an operation needs. */
export type Access = 'public' | 'ingest' | 'read' | 'read-sensitive' | 'write' | 'admin';

/** Who is calling: an API key or an IAM principal mapped to a role, optionally scoped. */
export interface Principal {
  readonly id: string;
  readonly kind: 'api-key' | 'iam' | 'anonymous';
  readonly role: Role;
  /** When set, only these services' data is visible. */
  readonly services?: readonly string[];
  /** When set, only these dashboards (by id) are visible or editable. */
  readonly dashboards?: readonly string[];
}

const ALLOWED: Record<Role, ReadonlySet<Access>> = {
  ingest: new Set(['public', 'ingest']),
  viewer: new Set(['public', 'read']),
  editor: new Set(['public', 'read', 'read-sensitive', 'write']),
  admin: new Set(['public', 'ingest', 'read', 'read-sensitive', 'write', 'admin']),
};

/** Whether a role grants an access level. */
export function roleAllows(role: Role, access: Access): boolean {
  return ALLOWED[role].has(access);
}

/**
 * The access an HTTP operation needs, from its method and path: health probes are public,
 * ingest paths need `ingest`, `/monitoring/admin/*` needs `admin`, audit and raw log reads are
 * sensitive, other reads need `read` and other writes `write`.
 */
export function accessFor(method: string, path: string): Access {
  const m = method.toUpperCase();
  if (['/health', '/live', '/ready', '/status'].includes(path) || path.startsWith('/status/')) return 'public';
  if (INGEST_PATHS.has(path) && m === 'POST') return 'ingest';
  if (path.startsWith('/monitoring/admin')) return 'admin';
  const read = m === 'GET' || m === 'HEAD' || m === 'OPTIONS' || isQueryPost(m, path);
  if (read) return SENSITIVE.some((p) => path.startsWith(p)) ? 'read-sensitive' : 'read';
  return 'write';
}

const INGEST_PATHS = new Set(['/v1/metrics', '/v1/logs', '/v1/traces', '/api/v1/write', '/api/v2/spans', '/loki/api/v1/push']);

// Paths whose reads show raw user data (log lines, error samples with user ids).
const SENSITIVE = ['/monitoring/logs', '/monitoring/errors'];

// POSTs that only read (query bodies), as Prometheus' form POSTs and the log search.
function isQueryPost(method: string, path: string): boolean {
  return method === 'POST' && (['/api/v1/query', '/api/v1/query_range', '/api/v1/series', '/api/v1/labels', '/monitoring/logs/search'].includes(path) || path.startsWith('/api/v1/label/'));
}

/** Whether a principal may see a service's data (unscoped principals see every service). */
export function canSeeService(p: Principal, service: string): boolean {
  return !p.services || p.services.includes(service);
}

/** Whether a principal may see or edit a dashboard. */
export function canUseDashboard(p: Principal, dashboardId: string): boolean {
  return !p.dashboards || p.dashboards.includes(dashboardId);
}
