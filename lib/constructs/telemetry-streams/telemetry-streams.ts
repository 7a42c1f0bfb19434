import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { TelemetryStreamsProps } from './telemetry-streams-props';

/** The three signals, one stream each so every signal scales on its own. */
export const SIGNALS = ['metrics', 'logs', 'traces'] as const;

/** One of {@link SIGNALS}. */
export type Signal = (typeof SIGNALS)[number];

/** KMS-encrypted Kinesis data streams `metrics`, `logs` and `traces`. */
export class TelemetryStreams extends Construct {
  /** The stream of each signal. */
  readonly streams: Record<Signal, Stream>;
  /** The physical stream names as plain strings (`<prefix>-<signal>`). */
  readonly streamNames: Record<Signal, string>;

  constructor(scope: Construct, id: string, props: TelemetryStreamsProps) {
    super(scope, id);
    const onDemand = (props.mode ?? 'provisioned') === 'onDemand';
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const make = (signal: Signal): Stream => {
      const stream = new Stream(this, signal, {
        streamName: this.streamNames[signal],
        streamMode: onDemand ? StreamMode.ON_DEMAND : StreamMode.PROVISIONED,
        shardCount: onDemand ? undefined : (props.shardCount ?? 1),
        encryption: StreamEncryption.KMS,
        encryptionKey: props.encryptionKey,
        removalPolicy,
      });
      Validations.of(stream).acknowledge({
        id: 'AwsSolutions-KDS3',
        reason: 'Encrypted with the platform customer-managed key instead of aws/kinesis: rotation and key policy stay under our control.',
      });
      return stream;
    };
    this.streamNames = { metrics: `${props.prefix}-metrics`, logs: `${props.prefix}-logs`, traces: `${props.prefix}-traces` };
    this.streams = { metrics: make('metrics'), logs: make('logs'), traces: make('traces') };
  }
}
