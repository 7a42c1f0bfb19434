import { Duration } from 'aws-cdk-lib';
import { RestApiBase } from 'aws-cdk-lib/aws-apigateway';
import { IStream } from 'aws-cdk-lib/aws-kinesis';
import { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { IQueue } from 'aws-cdk-lib/aws-sqs';

/** Properties of {@link PlatformAlarms}. */
export interface PlatformAlarmsProps {
  /** Prefix of the alarm names. */
  readonly prefix: string;
  /** Topic every alarm notifies (on alarm and on recovery). */
  readonly topic: ITopic;
  /** Platform functions by short name. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Telemetry streams by signal. */
  readonly streams: Readonly<Record<string, IStream>>;
  /** Failure queues by short name (`metrics-dlq`). */
  readonly queues: Readonly<Record<string, IQueue>>;
  /** The REST API. */
  readonly restApi: RestApiBase;
  /**
   * Stream consumers this far behind raise an alarm.
   * @default Duration.minutes(5)
   */
  readonly maxIteratorAge?: Duration;
  /**
   * API 5xx responses per 5 minutes that raise an alarm.
   * @default 1
   */
  readonly api5xxThreshold?: number;
}
