import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { ContextAttribute, Schedule, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { ScheduledJobProps } from './scheduled-job-props';

/**
 * An EventBridge Scheduler schedule that invokes a platform function, with a retry
 * policy, a dead-letter queue, and a role of its own limited to this one function.
 */
export class ScheduledJob extends Construct {
  /** The schedule. */
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `EventBridge Scheduler role of ${props.scheduleName}`,
    });
    // The target only grants sqs:SendMessage; the queue is KMS-encrypted, so the role also
    // needs the key.
    props.deadLetterQueue.grantSendMessages(role);
    this.schedule = new Schedule(this, 'Schedule', {
      scheduleName: props.scheduleName,
      description: `Runs ${props.job.shortName}`,
      schedule: props.schedule,
      target: new LambdaInvoke(props.job.fn, {
        role,
        // The shape of an EventBridge scheduled event, which is what the job handlers (and the
        // local runtime's timers) read: the scheduled time, not the delivery time, so a
        // retried delivery evaluates the minute it was meant for.
        input: ScheduleTargetInput.fromObject({
          version: '0',
          id: ContextAttribute.executionId,
          'detail-type': 'Scheduled Event',
          source: 'aws.scheduler',
          time: ContextAttribute.scheduledTime,
          resources: [ContextAttribute.scheduleArn],
          detail: { job: props.job.shortName, attempt: ContextAttribute.attemptNumber },
        }),
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: props.retryAttempts ?? 2,
        maxEventAge: props.maxEventAge ?? Duration.minutes(5),
      }),
    });
    const functionLogicalId = Stack.of(this).getLogicalId(props.job.fn.node.defaultChild as CfnFunction);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      reason: 'lambda:InvokeFunction on this job function and its versions/aliases (`<arn>:*`, as grantInvoke writes it); no other function.',
    });
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${action} on the platform customer-managed key only, as CDK's KMS grant writes it: to deliver undeliverable invocations to the KMS-encrypted dead-letter queue.`,
      });
    }
  }
}
