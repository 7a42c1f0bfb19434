import { secretRefRefusal, type SecretNameRule } from '../../core/alerting/delivery/alerting-config';

/** Reads one secret from a store (Secrets Manager, SSM Parameter Store); tiny so tests and SDK wrappers both fit. */
export interface SecretClient {
  get(name: string): Promise<string>;
}

/** Options of {@link SecretResolver}. */
export interface SecretResolverOptions {
  /** Where `env:NAME` references are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves `ssm:/name`; absent, the reference falls back to env `SECRET_<NAME>` (see below). */
  readonly ssm?: SecretClient;
  /** Resolves `secretsmanager:name` (and `name#field`); absent, the same env fallback. */
  readonly secretsManager?: SecretClient;
  /** Which store names may be read; others are refused before any lookup. @default { kind: 'any' } */
  readonly names?: SecretNameRule;
  /** How long a resolved value is reused. @default 300000 (5 min) */
  readonly cacheMs?: number;
  readonly now?: () => number;
}

/** The environment variable that names the platform's secret prefix (the CDK app sets it to the resource prefix). */
export const SECRET_NAME_PREFIX_VARIABLE = 'SECRET_NAME_PREFIX';

/**
 * The secret naming rule of a runtime: `SECRET_NAME_PREFIX` set, only parameters `/<prefix>/...`
 * and secrets `<prefix>/...` (surrounding slashes of the value are ignored); unset on Lambda
 * (`AWS_LAMBDA_FUNCTION_NAME` set), no `ssm:`/`secretsmanager:` reference at all, since the
 * function's IAM policy grants only the prefix; unset elsewhere, any name (local mode).
 */
export function secretNameRuleFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): SecretNameRule {
  const raw = env[SECRET_NAME_PREFIX_VARIABLE]?.trim();
  if (raw) {
    const prefix = raw.replace(/^\/+|\/+$/g, '');
    if (/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(prefix) && !prefix.split('/').includes('..')) return { kind: 'prefix', prefix };
    return { kind: 'none', reason: `${SECRET_NAME_PREFIX_VARIABLE}=${JSON.stringify(raw)} is not a name prefix (letters, digits, _ . - and /)` };
  }
  if (env.AWS_LAMBDA_FUNCTION_NAME) return { kind: 'none', reason: `${SECRET_NAME_PREFIX_VARIABLE} is not set on this function` };
  return { kind: 'any' };
}

/**
 * Turns secret references into values: `env:NAME` from the environment; `ssm:/a/b` and
 * `secretsmanager:a/b` through their clients, or, when no client is wired (local mode, or no
 * SDK in the bundle), from the environment variable `SECRET_A_B` (the name upper-cased, every
 * other character `_`; `secretsmanager:a/b#k` reads `SECRET_A_B_K`). Store names outside the
 * `names` rule are refused, whichever way they would be read. Values are cached for `cacheMs`.
 */
export class SecretResolver {
  private readonly cache = new Map<string, { value: string; at: number }>();

  constructor(private readonly options: SecretResolverOptions) {}

  async resolve(ref: string): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    const hit = this.cache.get(ref);
    if (hit && now - hit.at < (this.options.cacheMs ?? 300_000)) return hit.value;
    const value = await this.lookup(ref);
    this.cache.set(ref, { value, at: now });
    return value;
  }

  private async lookup(ref: string): Promise<string> {
    const colon = ref.indexOf(':');
    const scheme = ref.slice(0, colon);
    const name = ref.slice(colon + 1);
    if (scheme === 'env') return this.fromEnv(name, ref);
    const client = scheme === 'ssm' ? this.options.ssm : scheme === 'secretsmanager' ? this.options.secretsManager : undefined;
    if (scheme !== 'ssm' && scheme !== 'secretsmanager') throw new Error(`unknown secret reference scheme in "${ref}"`);
    const refused = secretRefRefusal(ref, this.options.names ?? { kind: 'any' });
    if (refused) throw new Error(`secret ${ref} is refused: ${refused}`);
    if (client) return client.get(name);
    return this.fromEnv(`SECRET_${name.replace(/^\//, '').replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`, ref);
  }

  private fromEnv(variable: string, ref: string): string {
    const v = this.options.env[variable];
    if (v === undefined || v === '') throw new Error(`secret ${ref} is not available (environment variable ${variable} is not set)`);
    return v;
  }
}
