/**
 * A child process for the kill test: runs one evaluator round on the platform database in
 * ALERT_DIR at ALERT_NOW and SIGKILLs itself right after the state write, before any delivery.
 */
import { ManualClock } from '../../../../../lambdas/core/ports/clock';
import { evaluationRound } from '../../../../../lambdas/handlers/alerting/evaluation-round';
import { promqlQueryFunction } from '../../../../../lambdas/handlers/alerting/promql-query-function';
import { openEmbeddedPorts } from '../../../../../lambdas/local/embedded-ports';

const embedded = openEmbeddedPorts(process.env.ALERT_DIR!, new ManualClock(Number(process.env.ALERT_NOW)));
void evaluationRound({
  ports: embedded.ports,
  query: promqlQueryFunction(embedded.ports.metrics),
  fault: (point) => {
    if (point === 'after-state-write') process.kill(process.pid, 'SIGKILL');
  },
}, Number(process.env.ALERT_NOW)).then(() => process.exit(3));
