import { scheduledJob } from './jobs/scheduled-job';

/** Lambda entry of `sla-report` (EventBridge Scheduler): writes SLA reports once the sla capability lands. */
export const handler = scheduledJob('sla-report', 'sla');
