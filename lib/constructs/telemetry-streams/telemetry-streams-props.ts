import { RemovalPolicy } from 'aws-cdk-lib';
import { IKey } from 'aws-cdk-lib/aws-kms';

/** Properties of {@link TelemetryStreams}. */
export interface TelemetryStreamsProps {
  /** Prefix of the stream names (`<prefix>-metrics`, ...). */
  readonly prefix: string;
  /** Customer-managed key that encrypts every stream. */
  readonly encryptionKey: IKey;
  /**
   * Capacity mode.
   * @default 'provisioned'
   */
  readonly mode?: 'provisioned' | 'onDemand';
  /**
   * Shards per stream in provisioned mode.
   * @default 1
   */
  readonly shardCount?: number;
  /**
   * What happens to the streams when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
