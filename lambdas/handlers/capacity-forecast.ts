import { scheduledJob } from './jobs/scheduled-job';

/** Lambda entry of `capacity-forecast` (EventBridge Scheduler): forecasts capacity once the capacity capability lands. */
export const handler = scheduledJob('capacity-forecast', 'capacity');
