import { CfnSubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LogGroupSubscriptionsProps } from './log-group-subscriptions-props';

// CloudWatch Logs' own rules for a log group name.
const LOG_GROUP_NAME = /^[\w\-./#]{1,512}$/;

/**
 * Subscribes existing log groups to the platform's `logs` stream, one subscription filter per
 * group, so their events reach the log processor (gzip JSON records, see AWS-FACTS.md).
 * CloudWatch Logs allows at most two subscription filters per log group: this uses one, and
 * the deployment fails on a group that already has two. The processor's own log group (and
 * any excluded prefix) is refused at synth time, since subscribing it would loop.
 */
export class LogGroupSubscriptions extends Construct {
  /** The filters, by log group name. */
  readonly filters: ReadonlyMap<string, CfnSubscriptionFilter>;

  constructor(scope: Construct, id: string, props: LogGroupSubscriptionsProps) {
    super(scope, id);
    const excluded = new Set(props.excludedLogGroupNames);
    const filters = new Map<string, CfnSubscriptionFilter>();
    for (const name of props.logGroupNames) {
      if (!LOG_GROUP_NAME.test(name)) throw new Error(`logSubscriptions: ${JSON.stringify(name)} is not a valid log group name`);
      if (excluded.has(name)) throw new Error(`logSubscriptions: ${name} is the log processor's own log group; subscribing it would feed the processor its own output`);
      const prefix = (props.excludedPrefixes ?? []).find((p) => name.startsWith(p));
      if (prefix !== undefined) throw new Error(`logSubscriptions: ${name} is under ${prefix}, where the platform writes its own copies`);
      if (filters.has(name)) continue;
      filters.set(
        name,
        new CfnSubscriptionFilter(this, `Filter${filters.size}`, {
          logGroupName: name,
          filterName: props.filterName ?? 'observability-platform',
          filterPattern: props.filterPattern ?? '',
          destinationArn: props.stream.streamArn,
          roleArn: props.role.roleArn,
        }),
      );
    }
    this.filters = filters;
  }
}
