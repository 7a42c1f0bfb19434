import { getPorts } from './composition/ports-provider';
import { deliveryFromEnvironment, runAlertEvaluator } from './alerting/alert-evaluator-job';
import { scheduledJob } from './jobs/scheduled-job';

/**
 * Lambda entry of `alert-evaluator` (EventBridge Scheduler, every minute): evaluates the due
 * rule groups, runs the notification pipeline and delivers, with sub-minute rounds inside the
 * invocation for short intervals and group timers. `ALERT_EVALUATOR_WINDOW_MS` bounds the
 * rounds (default 50 s; keep it below the function timeout).
 */
export const handler = scheduledJob('alert-evaluator', 'alerting', async () => {
  const ports = getPorts();
  const windowMs = process.env.ALERT_EVALUATOR_WINDOW_MS === undefined ? undefined : Number(process.env.ALERT_EVALUATOR_WINDOW_MS);
  return { ...(await runAlertEvaluator(ports, { delivery: deliveryFromEnvironment(ports, process.env), windowMs })) };
});
