import { probeHttp } from '../adapters/probes/http-prober';
import { getPorts } from './composition/ports-provider';
import { getStatusPage } from './composition/status-page-provider';
import { scheduledJob } from './jobs/scheduled-job';
import { runSyntheticChecks } from './jobs/synthetic-check-round';

/** Lambda entry of `synthetic-checks` (EventBridge Scheduler, every minute): probes the due checks and republishes the status page. */
export const handler = scheduledJob('synthetic-checks', 'sla', async () => ({ ...(await runSyntheticChecks(getPorts(), getStatusPage(), (c) => probeHttp(c))) }));
