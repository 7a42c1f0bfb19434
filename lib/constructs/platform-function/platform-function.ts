import * as path from 'path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PlatformFunctionProps } from './platform-function-props';

const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * One platform Lambda: Node.js 22 on arm64, bundled from `lambdas/handlers/<name>.ts` with
 * the local esbuild, its own log group with bounded retention, active X-Ray tracing, and a
 * role that starts with nothing but writing its own logs.
 */
export class PlatformFunction extends Construct {
  /** The function. */
  readonly fn: NodejsFunction;
  /** Its execution role. */
  readonly role: IRole;
  /** Its log group. */
  readonly logGroup: LogGroup;
  /** The short name. */
  readonly shortName: string;
  /** The physical function name as a plain string (`<prefix>-<name>`), usable where a token is not. */
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    const projectRoot = props.projectRoot ?? REPOSITORY_ROOT;
    const functionName = `${props.prefix}-${props.name}`;
    this.shortName = props.name;
    this.functionName = functionName;

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A role of our own instead of the AWSLambdaBasicExecutionRole managed policy, which
    // would allow writing to every log group in the account.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${functionName}`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.role = role;

    this.fn = new NodejsFunction(this, 'Function', {
      functionName,
      entry: path.join(projectRoot, 'lambdas', 'handlers', `${props.name}.ts`),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: { ...props.environment, PLATFORM_FUNCTION: props.name },
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.deadLetterQueue ? (props.asyncRetryAttempts ?? 2) : undefined,
      bundling: {
        minify: true,
        sourceMap: true,
        format: OutputFormat.CJS,
        target: 'node22',
        // The AWS SDK v3 is bundled rather than taken from the runtime, so its version is the
        // one the lock file pins; better-sqlite3 is a native module only the local runtime uses.
        externalModules: ['better-sqlite3'],
      },
    });
    if (props.deadLetterQueue) {
      props.deadLetterQueue.grantSendMessages(role);
      this.acknowledgeKeyGrant('send failed asynchronous invocations to its KMS-encrypted dead-letter queue');
    }
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is pinned on purpose: the handlers, their bundles and the local runtime are built and tested against Node 22 semantics; move to the next LTS runtime deliberately.',
    });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions.',
    });
  }

  /**
   * Adds a statement whose resource must be `*` because the actions support no
   * resource-level permissions; `reason` is recorded in the cdk-nag suppression.
   */
  allowOnAnyResource(actions: string[], reason: string): void {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: ['*'] }));
    Validations.of(this.role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: `${actions.join(', ')}: ${reason}` });
  }

  /**
   * Records why a CDK KMS grant (which writes `kms:GenerateDataKey*` and `kms:ReEncrypt*`,
   * scoped to the platform key's ARN) is needed for `purpose`.
   */
  acknowledgeKeyGrant(purpose: string): void {
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${action} on the platform customer-managed key only, as CDK's KMS grant writes it: to ${purpose}.`,
      });
    }
  }

  /** Adds a statement on explicit resources. */
  allow(actions: string[], resources: string[]): void {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources }));
  }
}
