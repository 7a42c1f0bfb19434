import { getPorts } from './composition/ports-provider';
import { runEscalation } from './alerting/escalation-job';
import { scheduledJob } from './jobs/scheduled-job';

/** Lambda entry of `escalation` (EventBridge Scheduler, every minute): pages the next level of unacknowledged incidents. */
export const handler = scheduledJob('escalation', 'alerting', async () => ({ ...(await runEscalation(getPorts())) }));
