import { cloudWatchBodyProblems } from '../../../lambdas/core/dashboards/cloudwatch-body-rules';
import { renderCloudWatchBody, type CloudWatchRenderOptions } from '../../../lambdas/core/dashboards/cloudwatch-body';
import { validateDashboard } from '../../../lambdas/core/dashboards/validate-dashboard';

/**
 * Renders a dashboard in the platform's model to a CloudWatch body at synth time, with the
 * very code the API publishes with. Throws, naming `source`, when the dashboard does not pass
 * the schema or the body breaks CloudWatch's documented structure rules.
 */
export function modelDashboardBody(value: unknown, source: string, options: CloudWatchRenderOptions): { widgets: unknown[] } {
  const { dashboard, problems } = validateDashboard(value);
  if (!dashboard) throw new Error(`${source}: not a valid dashboard: ${problems.slice(0, 5).map((p) => `${p.path} ${p.message}`).join('; ')}`);
  const { body } = renderCloudWatchBody(dashboard, options);
  const broken = cloudWatchBodyProblems(body);
  if (broken.length) throw new Error(`${source}: the CloudWatch body breaks the structure rules: ${broken.slice(0, 5).join('; ')}`);
  return body as unknown as { widgets: unknown[] };
}
