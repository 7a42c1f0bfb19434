import { Duration } from 'aws-cdk-lib';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { IQueue } from 'aws-cdk-lib/aws-sqs';

/** Properties of {@link PlatformFunction}. */
export interface PlatformFunctionProps {
  /** Short name (`metrics-writer`); also the entry file `lambdas/handlers/<name>.ts`. */
  readonly name: string;
  /** Prefix of the physical function name (`<prefix>-<name>`). */
  readonly prefix: string;
  /** Environment shared by every platform function; `PLATFORM_FUNCTION` is added here. */
  readonly environment: Record<string, string>;
  /**
   * Repository root holding `lambdas/handlers` and `package-lock.json`.
   * @default - the repository this file lives in
   */
  readonly projectRoot?: string;
  /**
   * Memory in MB.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Timeout.
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Retention of the function's log group.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * Key that encrypts the log group.
   * @default - CloudWatch Logs default encryption
   */
  readonly logEncryptionKey?: IKey;
  /**
   * Queue receiving failed asynchronous invocations.
   * @default - none (synchronously invoked or stream-driven functions)
   */
  readonly deadLetterQueue?: IQueue;
  /**
   * Retries of failed asynchronous invocations (0..2).
   * @default 2
   */
  readonly asyncRetryAttempts?: number;
}
