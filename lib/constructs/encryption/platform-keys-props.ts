import { RemovalPolicy } from 'aws-cdk-lib';

/** Properties of {@link PlatformKeys}. */
export interface PlatformKeysProps {
  /** Prefix of the key aliases. */
  readonly prefix: string;
  /**
   * What happens to the keys when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
