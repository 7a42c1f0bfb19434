import { scheduledJob } from './jobs/scheduled-job';

/** Lambda entry of `alert-evaluator` (EventBridge Scheduler): evaluates alert rules every minute once the alerting capability lands. */
export const handler = scheduledJob('alert-evaluator', 'alerting');
