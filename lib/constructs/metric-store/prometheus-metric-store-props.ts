import { RemovalPolicy } from 'aws-cdk-lib';
import { IKey } from 'aws-cdk-lib/aws-kms';

/** Properties of {@link PrometheusMetricStore}. */
export interface PrometheusMetricStoreProps {
  /** Alias of the workspace (shown in the console; workspaces are addressed by id). */
  readonly alias: string;
  /** Customer-managed key the workspace encrypts its data with. */
  readonly encryptionKey: IKey;
  /**
   * Days the workspace keeps samples.
   * @default 150
   */
  readonly retentionDays?: number;
  /**
   * How far behind a series' newest sample an older one is still accepted, seconds (0..600).
   * @default 600
   */
  readonly outOfOrderWindowSeconds?: number;
  /**
   * What happens to the workspace when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
