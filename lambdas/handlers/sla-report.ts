import { getPorts } from './composition/ports-provider';
import { runDeploymentRegressionCheck } from './jobs/deployment-regression-check';
import { scheduledJob } from './jobs/scheduled-job';
import { runSlaReport } from './jobs/sla-report-job';

/**
 * Lambda entry of `sla-report` (EventBridge Scheduler, hourly): stores the month's SLA report and
 * announces violations, and publishes `deployment.regressed` for deployments whose
 * post-deployment window showed a latency regression.
 */
export const handler = scheduledJob('sla-report', 'sla', async () => {
  const ports = getPorts();
  // Neither step waits on the other's failure; a failure still fails the run (the schedule retries, both steps are idempotent).
  const [sla, regressions] = await Promise.allSettled([runSlaReport(ports), runDeploymentRegressionCheck(ports)]);
  if (sla.status === 'rejected') throw sla.reason;
  if (regressions.status === 'rejected') throw regressions.reason;
  return { ...sla.value, deploymentRegressions: regressions.value };
});
