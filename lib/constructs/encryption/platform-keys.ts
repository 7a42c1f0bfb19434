import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { PlatformKeysProps } from './platform-keys-props';

/**
 * The platform's customer-managed KMS keys, both with yearly rotation:
 * `dataKey` encrypts telemetry and state (streams, tables, buckets, queues, log groups);
 * `alertsKey` encrypts the SNS topics and is usable by CloudWatch so alarms can publish.
 */
export class PlatformKeys extends Construct {
  /** Key for data at rest. */
  readonly dataKey: Key;
  /** Key for the alert topics. */
  readonly alertsKey: Key;

  constructor(scope: Construct, id: string, props: PlatformKeysProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const stack = Stack.of(this);

    this.dataKey = new Key(this, 'DataKey', {
      alias: `alias/${props.prefix}/data`,
      description: `${props.prefix}: telemetry and platform state at rest`,
      enableKeyRotation: true,
      removalPolicy,
    });
    // CloudWatch Logs encrypts log groups with the key only when its key policy names the
    // regional logs service; the condition keeps that to this account's log groups.
    this.dataKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
          },
        },
      }),
    );

    this.alertsKey = new Key(this, 'AlertsKey', {
      alias: `alias/${props.prefix}/alerts`,
      description: `${props.prefix}: alert topics (CloudWatch alarms publish to them)`,
      enableKeyRotation: true,
      removalPolicy,
    });
    // An alarm action publishes as cloudwatch.amazonaws.com, which must be able to use the key
    // (the statement AWS documents for alarms on encrypted topics; who may publish at all is
    // still decided by the topic policy).
    this.alertsKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
      }),
    );
  }
}
