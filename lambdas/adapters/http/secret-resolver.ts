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
  /** Resolves `secretsmanager:name`; absent, the same env fallback. */
  readonly secretsManager?: SecretClient;
  /** How long a resolved value is reused. @default 300000 (5 min) */
  readonly cacheMs?: number;
  readonly now?: () => number;
}

/**
 * Turns secret references into values: `env:NAME` from the environment; `ssm:/a/b` and
 * `secretsmanager:a/b` through their clients, or, when no client is wired (local mode, or no
 * SDK in the bundle), from the environment variable `SECRET_A_B` (the name upper-cased, every
 * other character `_`). Values are cached for `cacheMs`.
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
    if (client) return client.get(name);
    return this.fromEnv(`SECRET_${name.replace(/^\//, '').replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`, ref);
  }

  private fromEnv(variable: string, ref: string): string {
    const v = this.options.env[variable];
    if (v === undefined || v === '') throw new Error(`secret ${ref} is not available (environment variable ${variable} is not set)`);
    return v;
  }
}
