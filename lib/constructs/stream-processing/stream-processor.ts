import { Duration } from 'aws-cdk-lib';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FailureQueue } from '../platform-function/failure-queue';
import { StreamProcessorProps } from './stream-processor-props';

/**
 * Connects a Kinesis stream to its processor: partial batch responses, bisection on error,
 * bounded retries and record age, and an encrypted failure queue for what still fails.
 */
export class StreamProcessor extends Construct {
  /** Where failed batches' metadata goes. */
  readonly failureQueue: Queue;

  constructor(scope: Construct, id: string, props: StreamProcessorProps) {
    super(scope, id);
    this.failureQueue = new FailureQueue(this, 'Failures', {
      queueName: props.failureQueueName,
      encryptionKey: props.encryptionKey,
    }).queue;
    props.processor.fn.addEventSource(
      new KinesisEventSource(props.stream, {
        // Start from the oldest record: a new or redeployed processor must not skip telemetry.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: props.batchSize ?? 100,
        maxBatchingWindow: props.maxBatchingWindow ?? Duration.seconds(1),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: props.retryAttempts ?? 5,
        maxRecordAge: props.maxRecordAge ?? Duration.hours(6),
        onFailure: new SqsDlq(this.failureQueue),
      }),
    );
    props.processor.acknowledgeKeyGrant('send the metadata of failed batches to its KMS-encrypted failure queue');
  }
}
