import { Duration } from 'aws-cdk-lib';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { IQueue } from 'aws-cdk-lib/aws-sqs';
import { PlatformFunction } from '../platform-function/platform-function';

/** Properties of {@link ScheduledJob}. */
export interface ScheduledJobProps {
  /** Physical schedule name. */
  readonly scheduleName: string;
  /** When to run, e.g. `ScheduleExpression.rate(Duration.minutes(1))`. */
  readonly schedule: ScheduleExpression;
  /** The job's function. */
  readonly job: PlatformFunction;
  /** Where deliveries that still fail after the retries go. */
  readonly deadLetterQueue: IQueue;
  /**
   * Delivery retries.
   * @default 2
   */
  readonly retryAttempts?: number;
  /**
   * Give up on a delivery older than this (60 s .. 24 h).
   * @default Duration.minutes(5)
   */
  readonly maxEventAge?: Duration;
}
