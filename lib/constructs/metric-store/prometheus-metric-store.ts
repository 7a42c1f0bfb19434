import { RemovalPolicy } from 'aws-cdk-lib';
import { CfnWorkspace } from 'aws-cdk-lib/aws-aps';
import { Construct } from 'constructs';
import { PrometheusMetricStoreProps } from './prometheus-metric-store-props';

/**
 * An Amazon Managed Service for Prometheus workspace as the platform's metric store (L1 only:
 * no L2 exists). Encrypted with the platform key; retention is set on the workspace, so no
 * rollups are needed; the out-of-order window lets late remote_write retries in.
 */
export class PrometheusMetricStore extends Construct {
  /** The workspace. */
  readonly workspace: CfnWorkspace;

  constructor(scope: Construct, id: string, props: PrometheusMetricStoreProps) {
    super(scope, id);
    this.workspace = new CfnWorkspace(this, 'Workspace', {
      alias: props.alias,
      kmsKeyArn: props.encryptionKey.keyArn,
      workspaceConfiguration: {
        retentionPeriodInDays: props.retentionDays ?? 150,
        outOfOrderTimeWindowInSeconds: props.outOfOrderWindowSeconds ?? 600,
      },
    });
    this.workspace.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
  }

  /** The workspace id (`ws-...`), which the adapter addresses. */
  get workspaceId(): string {
    return this.workspace.attrWorkspaceId;
  }

  /** The workspace ARN, the resource of every `aps:` grant. */
  get workspaceArn(): string {
    return this.workspace.attrArn;
  }
}
