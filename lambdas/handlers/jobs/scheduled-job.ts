import { labelInvocation } from '../middleware/observability';
import { wrapHandler, type AsyncHandler } from '../middleware/wrap-handler';

/** What a scheduled job answers: a small summary for its log line and for tests. */
export type JobSummary = Readonly<Record<string, unknown>>;

/** The EventBridge Scheduler event fields the jobs read (everything else is ignored). */
export interface ScheduledEventLike {
  readonly time?: string;
  readonly 'detail-type'?: string;
  readonly source?: string;
  readonly resources?: readonly string[];
}

/**
 * Builds a scheduled job's handler. Until `run` exists the capability has not landed: the
 * job logs that and answers `{ skipped: '<capability> not landed' }`.
 */
export function scheduledJob(name: string, capability: string, run?: (event: ScheduledEventLike) => Promise<JobSummary>): AsyncHandler<ScheduledEventLike, JobSummary> {
  return wrapHandler(
    async (event: ScheduledEventLike) => {
      labelInvocation(event, { status: 200 });
      if (run) return run(event);
      return { skipped: `${capability} not landed` };
    },
    { functionName: name, defaultRoute: 'schedule' },
  );
}
