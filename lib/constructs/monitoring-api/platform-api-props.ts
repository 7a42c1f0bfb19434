import { Duration } from 'aws-cdk-lib';
import { IFunction } from 'aws-cdk-lib/aws-lambda';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** Properties of {@link PlatformApi}. */
export interface PlatformApiProps {
  /** Prefix of the API, usage plan and key names. */
  readonly prefix: string;
  /** Function behind the write routes. */
  readonly ingest: IFunction;
  /** Function behind the read routes. */
  readonly api: IFunction;
  /**
   * How callers authenticate: an API key with a usage plan, or SigV4 (IAM).
   * @default 'apiKey'
   */
  readonly authMode?: 'apiKey' | 'iam';
  /**
   * The Lambda authorizer (REQUEST type, `x-api-key`) used in apiKey mode: it checks the
   * platform's own keys (hashed in the state table) and names the caller's role tier, whose
   * usage plan then throttles it. Without one, apiKey mode falls back to one API Gateway key.
   * @default - no authorizer
   */
  readonly authorizer?: IFunction;
  /**
   * How long API Gateway caches an authorizer decision per key (a revoked key may work this long).
   * @default Duration.seconds(60)
   */
  readonly authorizerCacheTtl?: Duration;
  /**
   * Steady-state requests per second per method.
   * @default 100
   */
  readonly throttleRateLimit?: number;
  /**
   * Burst of requests per method.
   * @default 200
   */
  readonly throttleBurstLimit?: number;
  /**
   * Requests per day for the API key (apiKey mode).
   * @default 1000000
   */
  readonly quotaPerDay?: number;
  /**
   * Create the account-level CloudWatch Logs role of API Gateway (needed once per account and region).
   * @default true
   */
  readonly cloudWatchRole?: boolean;
  /**
   * Stage name.
   * @default 'prod'
   */
  readonly stageName?: string;
  /**
   * Retention of the access log group.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * Key that encrypts the access log group.
   * @default - CloudWatch Logs default encryption
   */
  readonly logEncryptionKey?: IKey;
}
