import { getPorts } from './composition/ports-provider';
import { scheduledJob } from './jobs/scheduled-job';
import { runSlaReport } from './jobs/sla-report-job';

/** Lambda entry of `sla-report` (EventBridge Scheduler, hourly): stores the month's SLA report and announces violations. */
export const handler = scheduledJob('sla-report', 'sla', async () => runSlaReport(getPorts()));
