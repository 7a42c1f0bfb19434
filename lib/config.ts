import { resolveLogProcessorConfig } from '../lambdas/core/logs/pipeline/log-processor-config';
import { readLogSubscriptions } from './constructs/log-pipeline/log-group-subscriptions-props';

/**
 * Platform settings: the typed shape, the defaults, and the validation of the
 * `-c key=value` context the CDK CLI hands us (always strings from the command line,
 * already-typed values from cdk.json or tests).
 */

/**
 * Where metric samples are stored: Timestream for LiveAnalytics (closed to new customers
 * since 2025-06-20, so only for accounts that already use it) or an Amazon Managed Service
 * for Prometheus workspace.
 */
export type MetricStoreKind = 'timestream' | 'prometheus';

/** Every accepted value of the `metricStore` setting. */
export const METRIC_STORE_KINDS: readonly MetricStoreKind[] = ['timestream', 'prometheus'];

/** How callers authenticate to the REST API. */
export type ApiAuthMode = 'apiKey' | 'iam';

/** Capacity mode of the Kinesis streams. */
export type KinesisMode = 'provisioned' | 'onDemand';

/** Every setting of the platform, after defaults and validation. */
export interface PlatformConfig {
  /** Prefix of every physical resource name (functions, streams, tables, topics, queues, dashboards). */
  readonly prefix: string;
  /** Metric store backend. */
  readonly metricStore: MetricStoreKind;
  /** Timestream memory store retention, hours (1..8766). */
  readonly memoryStoreRetentionHours: number;
  /** Days raw metric samples are kept (Timestream raw table's magnetic retention), 1..73000. */
  readonly metricRawRetentionDays: number;
  /**
   * Days 5-minute rollups are kept (Timestream rollup and series tables' magnetic retention),
   * 1..73000, at least {@link PlatformConfig.metricRawRetentionDays}.
   */
  readonly metricRollupRetentionDays: number;
  /** Retention of the Amazon Managed Service for Prometheus workspace, days (metricStore=prometheus). */
  readonly prometheusRetentionDays: number;
  /** Age in days at which archived objects move to S3 Standard-IA. */
  readonly archiveInfrequentAccessDays: number;
  /** Age in days at which archived objects move to S3 Glacier Flexible Retrieval. */
  readonly archiveGlacierDays: number;
  /** Age in days at which archived objects expire. */
  readonly archiveExpirationDays: number;
  /** Keep stateful resources when their stack is deleted (false: destroy them, emptying buckets). */
  readonly retainData: boolean;
  /** REST API authentication mode. */
  readonly apiAuth: ApiAuthMode;
  /** Steady-state requests per second allowed per API method. */
  readonly apiThrottleRateLimit: number;
  /** Burst of requests allowed per API method. */
  readonly apiThrottleBurstLimit: number;
  /** Requests per day allowed for the API key (apiKey mode). */
  readonly apiQuotaPerDay: number;
  /** Create the account-level role that lets API Gateway write its logs to CloudWatch Logs. */
  readonly apiCloudWatchRole: boolean;
  /** Retention of the platform's own log groups, days (a value CloudWatch Logs accepts). */
  readonly logRetentionDays: number;
  /** Kinesis capacity mode. */
  readonly kinesisMode: KinesisMode;
  /** Shards per stream in provisioned mode. */
  readonly kinesisShards: number;
  /** E-mail address subscribed to the critical topic, if any. */
  readonly alarmEmail?: string;
  /** Memory of every platform function, MB (128..10240). */
  readonly lambdaMemoryMb: number;
  /** CloudWatch namespace of the metrics the functions emit with EMF. */
  readonly metricsNamespace: string;
  /** Existing CloudWatch log groups subscribed to the `logs` stream (one subscription filter each), if any. */
  readonly logSubscriptions?: readonly string[];
  /** The log processor's settings as JSON (`LOG_PROCESSOR_CONFIG`), validated; unset: the processor's defaults. */
  readonly logProcessorConfig?: string;
  /** SHA-256 (hex) of a bootstrap admin API key, for the first key administration on AWS. */
  readonly adminApiKeySha256?: string;
  /** In `apiAuth=iam` mode, caller ARN patterns mapped to roles, as JSON; unset: every allowed caller is admin. */
  readonly iamRoleMap?: string;
  /** Days each audit record copy is locked in the Object Lock bucket. */
  readonly auditRetentionDays: number;
  /** Object Lock mode of the audit bucket: governance (privileged users may remove) or compliance (nobody may). */
  readonly auditLockMode: 'governance' | 'compliance';
}

/** Values used when a setting is not given. */
export const DEFAULT_PLATFORM_CONFIG: PlatformConfig = {
  prefix: 'observability',
  metricStore: 'timestream',
  memoryStoreRetentionHours: 24,
  metricRawRetentionDays: 90,
  metricRollupRetentionDays: 730,
  prometheusRetentionDays: 150,
  archiveInfrequentAccessDays: 30,
  archiveGlacierDays: 90,
  archiveExpirationDays: 365,
  retainData: true,
  apiAuth: 'apiKey',
  apiThrottleRateLimit: 100,
  apiThrottleBurstLimit: 200,
  apiQuotaPerDay: 1_000_000,
  apiCloudWatchRole: true,
  logRetentionDays: 30,
  kinesisMode: 'provisioned',
  kinesisShards: 1,
  alarmEmail: undefined,
  lambdaMemoryMb: 512,
  metricsNamespace: 'Observability/Platform',
  logSubscriptions: undefined,
  logProcessorConfig: undefined,
  adminApiKeySha256: undefined,
  iamRoleMap: undefined,
  auditRetentionDays: 365,
  auditLockMode: 'governance',
};

/** Retention periods (days) that CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS_ALLOWED: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

/** Names of every context key the platform reads. */
export const PLATFORM_SETTING_KEYS = Object.keys(DEFAULT_PLATFORM_CONFIG) as (keyof PlatformConfig)[];

/**
 * Settings that were renamed, old name to new name. Passing an old name is an error rather
 * than silently ignored, so a deployment never falls back to a default the user overrode.
 */
export const RENAMED_SETTINGS: Readonly<Record<string, keyof PlatformConfig>> = {
  magneticStoreRetentionDays: 'metricRawRetentionDays',
};

function invalid(key: string, value: unknown, allowed: string): Error {
  return new Error(`Invalid setting ${key}=${JSON.stringify(value)}: expected ${allowed}`);
}

function readString(raw: Record<string, unknown>, key: keyof PlatformConfig, fallback: string): string {
  const value = raw[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw invalid(key, value, 'a string');
  return value.trim();
}

function readInteger(raw: Record<string, unknown>, key: keyof PlatformConfig, min: number, max: number): number {
  const value = raw[key];
  const fallback = DEFAULT_PLATFORM_CONFIG[key] as number;
  if (value === undefined || value === null) return fallback;
  // The CLI passes every -c value as a string; cdk.json and tests may pass numbers.
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw invalid(key, value, `an integer from ${min} to ${max}`);
  }
  return parsed;
}

function readBoolean(raw: Record<string, unknown>, key: keyof PlatformConfig): boolean {
  const value = raw[key];
  if (value === undefined || value === null) return DEFAULT_PLATFORM_CONFIG[key] as boolean;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid(key, value, 'true or false');
}

function readEnum<T extends string>(raw: Record<string, unknown>, key: keyof PlatformConfig, allowed: readonly T[]): T {
  const value = raw[key];
  if (value === undefined || value === null) return DEFAULT_PLATFORM_CONFIG[key] as T;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(key, value, `one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function readPrefix(raw: Record<string, unknown>): string {
  const value = readString(raw, 'prefix', DEFAULT_PLATFORM_CONFIG.prefix);
  // Lowercase and short keeps the prefix valid for every service it names: S3 bucket names
  // (`<prefix>-access-logs-<account>-<region>`) are the strictest, at 63 characters.
  if (!/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/.test(value)) {
    throw invalid('prefix', raw.prefix, '3 to 20 characters: lowercase letters, digits and hyphens, starting with a letter');
  }
  return value;
}

function readEmail(raw: Record<string, unknown>): string | undefined {
  const value = readString(raw, 'alarmEmail', '');
  if (value === '') return undefined;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw invalid('alarmEmail', raw.alarmEmail, 'an e-mail address');
  return value;
}

function readAdminKeyHash(raw: Record<string, unknown>): string | undefined {
  const value = readString(raw, 'adminApiKeySha256', '');
  if (value === '') return undefined;
  if (!/^[0-9a-f]{64}$/i.test(value)) throw invalid('adminApiKeySha256', raw.adminApiKeySha256, '64 hex digits (the SHA-256 of the bootstrap key)');
  return value.toLowerCase();
}

function readIamRoleMap(raw: Record<string, unknown>): string | undefined {
  const value = raw.iamRoleMap;
  if (value === undefined || value === null || value === '') return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalid('iamRoleMap', value, 'a JSON array of {"pattern": "<ARN pattern>", "role": "viewer|editor|admin|ingest"}');
    }
  }
  const ok = Array.isArray(parsed) && parsed.every((e) => e && typeof e.pattern === 'string' && ['viewer', 'editor', 'admin', 'ingest'].includes(e.role));
  if (!ok) throw invalid('iamRoleMap', value, 'a JSON array of {"pattern": "<ARN pattern>", "role": "viewer|editor|admin|ingest"}');
  return JSON.stringify(parsed);
}

function readNamespace(raw: Record<string, unknown>): string {
  const value = readString(raw, 'metricsNamespace', DEFAULT_PLATFORM_CONFIG.metricsNamespace);
  if (!/^[A-Za-z0-9.\-_/#:]{1,255}$/.test(value) || value.startsWith('AWS/')) {
    throw invalid('metricsNamespace', raw.metricsNamespace, 'a CloudWatch namespace (1-255 of A-Za-z0-9.-_/#:, not starting with AWS/)');
  }
  return value;
}

function readLogRetention(raw: Record<string, unknown>): number {
  const days = readInteger(raw, 'logRetentionDays', 1, 3653);
  if (!LOG_RETENTION_DAYS_ALLOWED.includes(days)) {
    throw invalid('logRetentionDays', raw.logRetentionDays, `one of ${LOG_RETENTION_DAYS_ALLOWED.join(', ')}`);
  }
  return days;
}

function readSubscriptions(raw: Record<string, unknown>): readonly string[] | undefined {
  let groups: string[];
  try {
    groups = readLogSubscriptions(raw.logSubscriptions);
  } catch {
    throw invalid('logSubscriptions', raw.logSubscriptions, 'log group names, comma-separated or a JSON array');
  }
  // Same rule as CloudWatch Logs (and LogGroupSubscriptions), so a typo fails before synth.
  const bad = groups.find((g) => !/^[\w\-./#]{1,512}$/.test(g));
  if (bad !== undefined) throw invalid('logSubscriptions', bad, 'log group names (1-512 of A-Za-z0-9_-./#)');
  return groups.length > 0 ? groups : undefined;
}

function readLogProcessorConfig(raw: Record<string, unknown>): string | undefined {
  const value = raw.logProcessorConfig;
  if (value === undefined || value === null || value === '') return undefined;
  // The CLI passes JSON text; cdk.json may hold the object itself.
  let parsed: unknown = value;
  try {
    if (typeof value === 'string') parsed = JSON.parse(value);
    resolveLogProcessorConfig(parsed);
  } catch (e) {
    throw invalid('logProcessorConfig', value, `a JSON object of log processor settings (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('logProcessorConfig', value, 'a JSON object');
  return JSON.stringify(parsed);
}

function checkArchiveTiers(config: PlatformConfig): void {
  const { archiveInfrequentAccessDays: ia, archiveGlacierDays: glacier, archiveExpirationDays: expire } = config;
  // S3 rejects lifecycle rules that move objects to Standard-IA before 30 days, or on to
  // Glacier less than 30 days after Standard-IA.
  if (glacier < ia + 30) {
    throw invalid('archiveGlacierDays', glacier, `at least archiveInfrequentAccessDays + 30 (${ia + 30})`);
  }
  if (expire <= glacier) {
    throw invalid('archiveExpirationDays', expire, `more than archiveGlacierDays (${glacier})`);
  }
}

function checkRenamed(raw: Record<string, unknown>): void {
  for (const [old, current] of Object.entries(RENAMED_SETTINGS)) {
    if (raw[old] !== undefined && raw[old] !== null) {
      throw new Error(`Setting ${old} was renamed to ${current}: pass -c ${current}=${String(raw[old])} instead`);
    }
  }
}

function checkMetricRetention(config: PlatformConfig): void {
  // Rollups answer for time ranges the raw table no longer holds; shorter would leave a gap.
  if (config.metricRollupRetentionDays < config.metricRawRetentionDays) {
    throw invalid('metricRollupRetentionDays', config.metricRollupRetentionDays, `at least metricRawRetentionDays (${config.metricRawRetentionDays})`);
  }
}

/**
 * Builds a validated {@link PlatformConfig} from raw context values; missing keys take
 * their defaults. Throws an Error naming the key, the value and what is allowed.
 */
export function parsePlatformConfig(raw: Record<string, unknown>): PlatformConfig {
  checkRenamed(raw);
  const config: PlatformConfig = {
    prefix: readPrefix(raw),
    metricStore: readEnum<MetricStoreKind>(raw, 'metricStore', METRIC_STORE_KINDS),
    memoryStoreRetentionHours: readInteger(raw, 'memoryStoreRetentionHours', 1, 8766),
    metricRawRetentionDays: readInteger(raw, 'metricRawRetentionDays', 1, 73000),
    metricRollupRetentionDays: readInteger(raw, 'metricRollupRetentionDays', 1, 73000),
    prometheusRetentionDays: readInteger(raw, 'prometheusRetentionDays', 1, 36500),
    archiveInfrequentAccessDays: readInteger(raw, 'archiveInfrequentAccessDays', 30, 36500),
    archiveGlacierDays: readInteger(raw, 'archiveGlacierDays', 1, 36500),
    archiveExpirationDays: readInteger(raw, 'archiveExpirationDays', 1, 36500),
    retainData: readBoolean(raw, 'retainData'),
    apiAuth: readEnum<ApiAuthMode>(raw, 'apiAuth', ['apiKey', 'iam']),
    apiThrottleRateLimit: readInteger(raw, 'apiThrottleRateLimit', 1, 1_000_000),
    apiThrottleBurstLimit: readInteger(raw, 'apiThrottleBurstLimit', 1, 1_000_000),
    apiQuotaPerDay: readInteger(raw, 'apiQuotaPerDay', 1, 1_000_000_000),
    apiCloudWatchRole: readBoolean(raw, 'apiCloudWatchRole'),
    logRetentionDays: readLogRetention(raw),
    kinesisMode: readEnum<KinesisMode>(raw, 'kinesisMode', ['provisioned', 'onDemand']),
    kinesisShards: readInteger(raw, 'kinesisShards', 1, 500),
    alarmEmail: readEmail(raw),
    lambdaMemoryMb: readInteger(raw, 'lambdaMemoryMb', 128, 10240),
    metricsNamespace: readNamespace(raw),
    logSubscriptions: readSubscriptions(raw),
    logProcessorConfig: readLogProcessorConfig(raw),
    adminApiKeySha256: readAdminKeyHash(raw),
    iamRoleMap: readIamRoleMap(raw),
    auditRetentionDays: readInteger(raw, 'auditRetentionDays', 1, 36500),
    auditLockMode: readEnum<'governance' | 'compliance'>(raw, 'auditLockMode', ['governance', 'compliance']),
  };
  checkArchiveTiers(config);
  checkMetricRetention(config);
  return config;
}

/** Reads every platform setting from a context lookup (e.g. `app.node.tryGetContext`) and validates it. */
export function platformConfigFromContext(lookup: (key: string) => unknown): PlatformConfig {
  const raw: Record<string, unknown> = {};
  for (const key of PLATFORM_SETTING_KEYS) raw[key] = lookup(key);
  // Old names are looked up too, only to refuse them (parsePlatformConfig names the new key).
  for (const key of Object.keys(RENAMED_SETTINGS)) raw[key] = lookup(key);
  return parsePlatformConfig(raw);
}

/** The name prefix of log groups the log processor creates for services, e.g. `/observability/services/`. */
export function serviceLogGroupPrefix(config: PlatformConfig): string {
  return `/${config.prefix}/services/`;
}
