import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FailureQueueProps } from './failure-queue-props';

/**
 * A KMS-encrypted, TLS-only SQS queue that receives what the platform failed to process
 * (stream batches, asynchronous invocations, schedule deliveries), so nothing is dropped silently.
 */
export class FailureQueue extends Construct {
  /** The queue. */
  readonly queue: Queue;
  /** The physical queue name as a plain string. */
  readonly queueName: string;

  constructor(scope: Construct, id: string, props: FailureQueueProps) {
    super(scope, id);
    this.queueName = props.queueName;
    this.queue = new Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? Duration.days(14),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the failure destination (dead-letter queue) of a function, event source mapping or schedule.',
    });
  }
}
