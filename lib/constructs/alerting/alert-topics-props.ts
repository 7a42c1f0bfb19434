import { RemovalPolicy } from 'aws-cdk-lib';
import { IKey } from 'aws-cdk-lib/aws-kms';

/** Properties of {@link AlertTopics}. */
export interface AlertTopicsProps {
  /** Prefix of the topic names (`<prefix>-critical`, ...). */
  readonly prefix: string;
  /** Customer-managed key whose policy lets cloudwatch.amazonaws.com use it. */
  readonly encryptionKey: IKey;
  /**
   * E-mail address subscribed to the critical topic.
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * What happens to the topics when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
