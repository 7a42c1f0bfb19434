import { Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { LogSubscriptionRoleProps } from './log-subscription-role-props';

/**
 * The role CloudWatch Logs assumes to deliver subscription-filter records of this account's
 * log groups into the `logs` stream (`aws logs put-subscription-filter --destination-arn
 * <stream> --role-arn <role>`), so existing services need no code change to be collected.
 */
export class LogSubscriptionRole extends Construct {
  /** The role. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: LogSubscriptionRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new Role(this, 'Role', {
      roleName: props.roleName,
      description: 'CloudWatch Logs subscription filters deliver into the platform logs stream',
      assumedBy: new ServicePrincipal(`logs.${stack.region}.amazonaws.com`, {
        conditions: {
          StringLike: { 'aws:SourceArn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:*` },
        },
      }),
    });
    props.stream.grantWrite(this.role);
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${action} on the platform customer-managed key only, as CDK's KMS grant writes it: to put records on the KMS-encrypted logs stream.`,
      });
    }
  }
}
