import { PlatformError } from '../../domain/errors';
import type { MaskingConfig } from '../masking/log-masker';
import { DEFAULT_SECURITY_CONFIG, type SecurityDetectorConfig } from '../security/security-detector';

/**
 * What the log processor keeps of logs that arrive from CloudWatch Logs subscriptions:
 * `full` stores the masked, enriched copy (CloudWatch ingestion is paid twice: once in the
 * source group, once in the platform's group); `index` stores only the enrichment (pattern id,
 * level, ids, source group and event id) and leaves the text in the source group.
 */
export type LogCopyMode = 'full' | 'index';

/** Settings of the log processor (`LOG_PROCESSOR_CONFIG`, JSON). */
export interface LogProcessorConfig {
  /** Masking rules: enable optional ones (e.g. `ipv4`), disable built-ins, add custom regexes. */
  readonly masking?: MaskingConfig;
  /** @default 'full' */
  readonly logCopy?: LogCopyMode;
  /** Security detection thresholds. @default DEFAULT_SECURITY_CONFIG */
  readonly security?: Partial<SecurityDetectorConfig>;
  /** Year for syslog lines without one. @default the year of the record's arrival time */
  readonly referenceYear?: number;
}

/** The config with every default applied. */
export interface ResolvedLogProcessorConfig {
  readonly masking: MaskingConfig;
  readonly logCopy: LogCopyMode;
  readonly security: SecurityDetectorConfig;
  readonly referenceYear?: number;
}

/** Validates a parsed JSON config and applies defaults; throws invalid_argument naming the bad field. */
export function resolveLogProcessorConfig(value: unknown): ResolvedLogProcessorConfig {
  if (value === undefined || value === null) return { masking: {}, logCopy: 'full', security: DEFAULT_SECURITY_CONFIG };
  if (typeof value !== 'object' || Array.isArray(value)) throw new PlatformError('invalid_argument', 'the log processor config must be a JSON object');
  const c = value as LogProcessorConfig;
  if (c.logCopy !== undefined && c.logCopy !== 'full' && c.logCopy !== 'index') {
    throw new PlatformError('invalid_argument', `logCopy must be "full" or "index", not ${JSON.stringify(c.logCopy)}`);
  }
  if (c.masking !== undefined && (typeof c.masking !== 'object' || c.masking === null)) throw new PlatformError('invalid_argument', 'masking must be an object');
  for (const rule of c.masking?.custom ?? []) {
    try {
      new RegExp(rule.pattern, 'g');
    } catch (e) {
      throw new PlatformError('invalid_argument', `masking rule ${JSON.stringify(rule.name)} has an invalid pattern: ${(e as Error).message}`);
    }
  }
  return {
    masking: c.masking ?? {},
    logCopy: c.logCopy ?? 'full',
    security: { ...DEFAULT_SECURITY_CONFIG, ...(c.security ?? {}) },
    ...(c.referenceYear !== undefined && { referenceYear: c.referenceYear }),
  };
}
