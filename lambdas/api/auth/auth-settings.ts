import type { RateLimit } from '../../core/access/token-bucket';
import type { Role } from '../../core/access/roles';

/**
 * Where a request's identity comes from:
 * - `local`: the function checks the presented API key itself (the local runtime); with no key
 *   stored and no bootstrap key set, every request is let through as admin (open, as before).
 * - `authorizer`: API Gateway's Lambda authorizer already checked the key; the function trusts
 *   `requestContext.authorizer` ({ principalId, role, scopes }) and refuses requests without it.
 * - `iam`: API Gateway checked SigV4; the caller's ARN is mapped to a role by {@link AuthSettings.iamRoles}.
 */
export type AuthMode = 'local' | 'authorizer' | 'iam';

/** An IAM principal mapping: an ARN pattern (`*` matches any run of characters) and the role it gets. */
export interface IamRoleMapping {
  readonly pattern: string;
  readonly role: Role;
}

/** The access-control settings of the `api` and `ingest` functions. */
export interface AuthSettings {
  readonly mode: AuthMode;
  /** A bootstrap admin key presented as is (`ADMIN_API_KEY`); compared in constant time. */
  readonly adminKey?: string;
  /** SHA-256 (hex) of a bootstrap admin key, for deployments that must not hold the key itself. */
  readonly adminKeySha256?: string;
  readonly iamRoles: readonly IamRoleMapping[];
  /** Per-key limits by role tier. */
  readonly limits: Readonly<Record<Role, RateLimit>>;
}

/** Default per-key limits by tier: producers send often, readers less, admins rarely. */
export const DEFAULT_LIMITS: Readonly<Record<Role, RateLimit>> = {
  ingest: { ratePerSecond: 200, burst: 400, quotaPerDay: 10_000_000 },
  viewer: { ratePerSecond: 20, burst: 40, quotaPerDay: 200_000 },
  editor: { ratePerSecond: 20, burst: 40, quotaPerDay: 200_000 },
  admin: { ratePerSecond: 10, burst: 20, quotaPerDay: 50_000 },
};

const ROLES: readonly Role[] = ['ingest', 'viewer', 'editor', 'admin'];

/**
 * Reads the settings from a function's environment (at call time, never at import):
 * `AUTH_MODE`, `ADMIN_API_KEY`, `ADMIN_API_KEY_SHA256`, `IAM_ROLE_MAP` (JSON list of
 * `{ pattern, role }`) and `RATE_LIMITS` (JSON object of role to `{ ratePerSecond, burst, quotaPerDay }`).
 */
export function authSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): AuthSettings {
  const mode = env.AUTH_MODE === 'authorizer' || env.AUTH_MODE === 'iam' ? env.AUTH_MODE : 'local';
  const iamRoles = parseJson<IamRoleMapping[]>(env.IAM_ROLE_MAP, []).filter((m) => typeof m?.pattern === 'string' && ROLES.includes(m.role));
  const overrides = parseJson<Partial<Record<Role, RateLimit>>>(env.RATE_LIMITS, {});
  const limits = Object.fromEntries(ROLES.map((r) => [r, { ...DEFAULT_LIMITS[r], ...(overrides[r] ?? {}) }])) as Record<Role, RateLimit>;
  return {
    mode,
    adminKey: env.ADMIN_API_KEY || undefined,
    adminKeySha256: env.ADMIN_API_KEY_SHA256 || undefined,
    iamRoles,
    limits,
  };
}

/** The role an IAM caller gets: the first mapping whose pattern matches the ARN. */
export function roleForArn(arn: string, mappings: readonly IamRoleMapping[]): Role | undefined {
  for (const m of mappings) {
    const re = new RegExp(`^${m.pattern.split('*').map(escapeRegExp).join('.*')}$`);
    if (re.test(arn)) return m.role;
  }
  return undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function parseJson<T>(text: string | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
