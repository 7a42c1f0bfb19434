import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { AlertTopicsProps } from './alert-topics-props';

/** Alert severities, one SNS topic each. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;

/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

/** KMS-encrypted, TLS-only SNS topics `critical`, `warning` and `info`. */
export class AlertTopics extends Construct {
  /** The topic of each severity. */
  readonly topics: Record<Severity, Topic>;

  constructor(scope: Construct, id: string, props: AlertTopicsProps) {
    super(scope, id);
    const make = (severity: Severity): Topic => {
      const topic = new Topic(this, severity, {
        topicName: `${props.prefix}-${severity}`,
        displayName: `${props.prefix} ${severity} alerts`,
        masterKey: props.encryptionKey,
        enforceSSL: true,
      });
      topic.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
      // A topic policy replaces SNS's default one, so alarms of this account need their own
      // statement (scoped to this account's alarms against the confused deputy).
      const stack = Stack.of(this);
      topic.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowCloudWatchAlarmsOfThisAccount',
          principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
          },
        }),
      );
      return topic;
    };
    this.topics = { critical: make('critical'), warning: make('warning'), info: make('info') };
    if (props.alarmEmail) this.topics.critical.addSubscription(new EmailSubscription(props.alarmEmail));
  }
}
