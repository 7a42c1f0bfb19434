import { Duration } from 'aws-cdk-lib';
import { IKey } from 'aws-cdk-lib/aws-kms';

/** Properties of {@link FailureQueue}. */
export interface FailureQueueProps {
  /** Physical queue name. */
  readonly queueName: string;
  /** Customer-managed key that encrypts the messages. */
  readonly encryptionKey: IKey;
  /**
   * How long failed events are kept for inspection and replay.
   * @default Duration.days(14)
   */
  readonly retentionPeriod?: Duration;
}
