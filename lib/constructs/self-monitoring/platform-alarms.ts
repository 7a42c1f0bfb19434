import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, IAlarm, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { PlatformAlarmsProps } from './platform-alarms-props';

/**
 * Alarms on the platform itself (monitoring the monitor): function errors, stream
 * consumers falling behind, anything in a failure queue, and API 5xx responses.
 */
export class PlatformAlarms extends Construct {
  /** Every alarm, keyed by its name. */
  readonly alarms: Record<string, IAlarm> = {};

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const add = (alarm: Alarm): void => {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms[alarm.node.id] = alarm;
    };
    const fiveMinutes = Duration.minutes(5);

    for (const [name, fn] of Object.entries(props.functions)) {
      add(
        new Alarm(this, `${name}-errors`, {
          alarmName: `${props.prefix}-${name}-errors`,
          alarmDescription: `Function ${name} reported errors`,
          metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    const maxAge = (props.maxIteratorAge ?? Duration.minutes(5)).toMilliseconds();
    for (const [signal, stream] of Object.entries(props.streams)) {
      add(
        new Alarm(this, `${signal}-iterator-age`, {
          alarmName: `${props.prefix}-${signal}-iterator-age`,
          alarmDescription: `Consumers of the ${signal} stream are more than ${maxAge / 1000} s behind`,
          metric: stream.metricGetRecordsIteratorAgeMilliseconds({ period: Duration.minutes(1), statistic: 'Maximum' }),
          threshold: maxAge,
          evaluationPeriods: 5,
          datapointsToAlarm: 3,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    for (const [name, queue] of Object.entries(props.queues)) {
      add(
        new Alarm(this, `${name}-depth`, {
          alarmName: `${props.prefix}-${name}-depth`,
          alarmDescription: `Failed work is waiting in ${name}`,
          metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
          threshold: 0,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    add(
      new Alarm(this, 'api-5xx', {
        alarmName: `${props.prefix}-api-5xx`,
        alarmDescription: 'The REST API answered with server errors',
        metric: props.restApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: props.api5xxThreshold ?? 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
