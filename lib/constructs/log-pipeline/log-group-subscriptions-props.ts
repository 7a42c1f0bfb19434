import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IStream } from 'aws-cdk-lib/aws-kinesis';

/** Properties of {@link LogGroupSubscriptions}. */
export interface LogGroupSubscriptionsProps {
  /** Existing log groups whose events the platform collects (from the `logSubscriptions` context setting). */
  readonly logGroupNames: readonly string[];
  /** The platform's `logs` stream. */
  readonly stream: IStream;
  /** The role CloudWatch Logs assumes to put records on the stream (LogSubscriptionRole). */
  readonly role: IRole;
  /**
   * Log groups that must never be subscribed: the log processor's own group (subscribing it
   * would feed the processor its own output, a loop that grows with every batch).
   */
  readonly excludedLogGroupNames: readonly string[];
  /**
   * Group name prefixes that must never be subscribed, e.g. the prefix of the central service
   * groups the processor writes (`/observability/services/`).
   * @default - none
   */
  readonly excludedPrefixes?: readonly string[];
  /** Which events to send. @default '' (every event) */
  readonly filterPattern?: string;
  /** Name of each subscription filter. @default 'observability-platform' */
  readonly filterName?: string;
}

/**
 * Reads the `logSubscriptions` context setting: a JSON array of log group names, or one
 * comma-separated string (`-c logSubscriptions=/aws/lambda/a,/ecs/b`). Empty when unset.
 */
export function readLogSubscriptions(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? (value.trim().startsWith('[') ? JSON.parse(value) : value.split(',')) : undefined;
  if (!Array.isArray(list) || list.some((g) => typeof g !== 'string')) {
    throw new Error(`logSubscriptions must be a list of log group names, got ${JSON.stringify(value)}`);
  }
  return [...new Set((list as string[]).map((g) => g.trim()).filter((g) => g !== ''))];
}
