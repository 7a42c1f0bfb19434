import { Duration } from 'aws-cdk-lib';
import { IStream } from 'aws-cdk-lib/aws-kinesis';
import { IKey } from 'aws-cdk-lib/aws-kms';
import { PlatformFunction } from '../platform-function/platform-function';

/** Properties of {@link StreamProcessor}. */
export interface StreamProcessorProps {
  /** The stream to read. */
  readonly stream: IStream;
  /** The function that processes its batches. */
  readonly processor: PlatformFunction;
  /** Physical name of the failure queue. */
  readonly failureQueueName: string;
  /** Key that encrypts the failure queue. */
  readonly encryptionKey: IKey;
  /**
   * Records per batch.
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * How long to gather records before invoking.
   * @default Duration.seconds(1)
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Retries of a failing batch (after bisecting) before it goes to the failure queue.
   * @default 5
   */
  readonly retryAttempts?: number;
  /**
   * Records older than this go to the failure queue unprocessed.
   * @default Duration.hours(6)
   */
  readonly maxRecordAge?: Duration;
}
