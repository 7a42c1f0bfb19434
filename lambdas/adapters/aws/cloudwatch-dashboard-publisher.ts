import { DeleteDashboardsCommand, PutDashboardCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { cloudWatchBodyProblems } from '../../core/dashboards/cloudwatch-body-rules';
import { renderCloudWatchBody } from '../../core/dashboards/cloudwatch-body';
import type { Dashboard } from '../../core/dashboards/dashboard-model';
import { consoleDashboardName, type DashboardPublisher } from '../../core/dashboards/dashboard-publisher';

/** Settings of {@link CloudWatchDashboardPublisher}. */
export interface CloudWatchDashboardPublisherOptions {
  readonly client: Pick<CloudWatchClient, 'send'>;
  /** Dashboard names are `<prefix>-<id>`, as the CDK app names the checked-in ones. */
  readonly prefix: string;
  /** The `metrics-datasource` function behind `LAMBDA(...)`. */
  readonly datasourceFunction: string;
  readonly region: string;
  readonly logGroupPrefix: string;
}

/**
 * Publishes dashboards as CloudWatch console views with `PutDashboard`: the model rendered to
 * a body (PromQL as `LAMBDA()` expressions), checked against the documented structure first so
 * a bad body fails here with a clear message rather than in CloudWatch.
 */
export class CloudWatchDashboardPublisher implements DashboardPublisher {
  constructor(private readonly options: CloudWatchDashboardPublisherOptions) {}

  async publish(id: string, dashboard: Dashboard): Promise<void> {
    const { body } = renderCloudWatchBody(dashboard, this.options);
    const problems = cloudWatchBodyProblems(body);
    if (problems.length) throw new Error(`dashboard ${id} does not render to a valid CloudWatch body: ${problems.slice(0, 5).join('; ')}`);
    const text = JSON.stringify(body);
    // Deploy-time placeholders (`${fn:api}`) only the CDK app can fill: publishing them would replace a good view with a broken one.
    const placeholder = /\$\{((?:fn|stream|queue):[a-z0-9-]+|api|stage|region)\}/.exec(text);
    if (placeholder) throw new Error(`dashboard ${id} uses the deploy-time placeholder ${placeholder[0]}; its console view is deployed by the CDK app`);
    await this.options.client.send(new PutDashboardCommand({ DashboardName: consoleDashboardName(this.options.prefix, id), DashboardBody: text }));
  }

  async unpublish(id: string): Promise<void> {
    try {
      await this.options.client.send(new DeleteDashboardsCommand({ DashboardNames: [consoleDashboardName(this.options.prefix, id)] }));
    } catch (error) {
      // Deleting a view that was never published is fine.
      if ((error as { name?: string }).name !== 'ResourceNotFound' && (error as { name?: string }).name !== 'DashboardNotFoundError') throw error;
    }
  }
}
