import { getPorts } from './composition/ports-provider';
import { runCapacitySnapshot } from './jobs/capacity-snapshot-job';
import { scheduledJob } from './jobs/scheduled-job';

/** Lambda entry of `capacity-forecast` (EventBridge Scheduler, daily): forecasts every resource and stores the day's capacity snapshot. */
export const handler = scheduledJob('capacity-forecast', 'capacity', () => runCapacitySnapshot(getPorts()));
