import { RemovalPolicy } from 'aws-cdk-lib';
import { IKey } from 'aws-cdk-lib/aws-kms';

/** Properties of {@link StateTable}. */
export interface StateTableProps {
  /** Physical table name. */
  readonly tableName: string;
  /** Customer-managed key of the table. */
  readonly encryptionKey: IKey;
  /**
   * What happens to the table when the stack is deleted; RETAIN also turns on deletion protection.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}
