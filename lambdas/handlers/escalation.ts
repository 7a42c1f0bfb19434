import { scheduledJob } from './jobs/scheduled-job';

/** Lambda entry of `escalation` (EventBridge Scheduler): escalates unacknowledged alerts every minute once the alerting capability lands. */
export const handler = scheduledJob('escalation', 'alerting');
