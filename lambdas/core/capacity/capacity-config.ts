/** The resources the capacity report covers: the platform's own AWS resources and any PromQL resource. */
export interface CapacityConfig {
  readonly functions?: readonly { readonly name: string; readonly memoryMb?: number; readonly timeoutMs?: number; readonly reservedConcurrency?: number }[];
  /** Account-level concurrent executions quota. @default 1000 */
  readonly accountConcurrency?: number;
  readonly streams?: readonly { readonly name: string; readonly shards: number }[];
  readonly tables?: readonly { readonly name: string; readonly billing?: 'provisioned' | 'on-demand'; readonly readCapacity?: number; readonly writeCapacity?: number }[];
  readonly timestream?: {
    readonly database: string;
    readonly table: string;
    /** Write requests per second the deployment plans for (Timestream has no fixed per-table write quota). @default 100 */
    readonly writeRequestsPerSecond?: number;
    readonly memoryRetentionHours?: number;
    readonly storedBytes?: number;
  };
  /** Any PromQL resource: its usage query and its ceiling. */
  readonly promql?: readonly { readonly name: string; readonly query: string; readonly capacity: number; readonly unit?: string }[];
}

/** The state-store kind and id under which a capacity config can be stored (merged over the deployment's). */
export const CAPACITY_CONFIG_KIND = 'capacity-config';

/** Validates a config read from the environment or the state store; throws a RangeError naming the bad field. */
export function parseCapacityConfig(input: unknown): CapacityConfig {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new RangeError('capacity config must be an object');
  const c = input as Record<string, unknown>;
  for (const key of ['functions', 'streams', 'tables', 'promql']) {
    if (c[key] !== undefined && !Array.isArray(c[key])) throw new RangeError(`capacity config: ${key} must be a list`);
    for (const [i, item] of ((c[key] as unknown[] | undefined) ?? []).entries()) {
      if (typeof item !== 'object' || item === null || typeof (item as { name?: unknown }).name !== 'string') throw new RangeError(`capacity config: ${key}[${i}].name must be a string`);
    }
  }
  for (const [i, p] of ((c.promql as { query?: unknown; capacity?: unknown }[] | undefined) ?? []).entries()) {
    if (typeof p.query !== 'string' || typeof p.capacity !== 'number' || !(p.capacity > 0)) throw new RangeError(`capacity config: promql[${i}] needs a query and a positive capacity`);
  }
  return c as CapacityConfig;
}
