import type { DashboardPublisher } from '../../core/dashboards/dashboard-publisher';

/** The publisher used when nothing installs one and no console settings are present: publishes nowhere. */
export const noPublishing: DashboardPublisher = {
  async publish() {},
  async unpublish() {},
};

let current: DashboardPublisher | undefined;

/**
 * The publisher dashboard writes go through. On Lambda, when the environment names the
 * datasource function (`DASHBOARD_DATASOURCE_FUNCTION`), it is the CloudWatch `PutDashboard`
 * adapter, built on first use; the local runtime and tests get {@link noPublishing} or install
 * their own with {@link useDashboardPublisher}.
 */
export function dashboardPublisher(env: Readonly<Record<string, string | undefined>> = process.env): DashboardPublisher {
  if (!current) {
    const datasourceFunction = env.DASHBOARD_DATASOURCE_FUNCTION;
    if (datasourceFunction && env.AWS_LAMBDA_FUNCTION_NAME) {
      // Required on first use so the local runtime never loads the CloudWatch client.
      const { CloudWatchDashboardPublisher } = require('../../adapters/aws/cloudwatch-dashboard-publisher') as typeof import('../../adapters/aws/cloudwatch-dashboard-publisher');
      const { CloudWatchClient } = require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch');
      current = new CloudWatchDashboardPublisher({
        client: new CloudWatchClient({}),
        prefix: env.DASHBOARD_NAME_PREFIX ?? datasourceFunction.replace(/-metrics-datasource$/, ''),
        datasourceFunction,
        region: env.AWS_REGION ?? 'us-east-1',
        logGroupPrefix: env.LOG_GROUP_PREFIX ?? '/observability/',
      });
    } else {
      current = noPublishing;
    }
  }
  return current;
}

/** Installs the publisher (tests, other runtimes); `undefined` goes back to the environment's default. */
export function useDashboardPublisher(publisher: DashboardPublisher | undefined): void {
  current = publisher;
}
