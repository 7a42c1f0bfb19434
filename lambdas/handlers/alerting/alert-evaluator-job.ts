import type { Ports } from '../../core/ports';
import { ReceiverDelivery } from '../../adapters/http/receiver-delivery';
import type { RetryOptions } from '../../adapters/http/http-poster';
import { evaluationRound, type FaultPoint } from './evaluation-round';
import { deliverFollowUps, deliverOutbox } from './outbox-delivery';
import { promqlQueryFunction } from './promql-query-function';
import { secretResolverFor } from '../composition/secret-resolver-provider';
import type { QueryFunction } from '../../core/alerting/evaluation/query-function';

/** Settings of one evaluator invocation. */
export interface EvaluatorOptions {
  readonly delivery: ReceiverDelivery;
  /** @default PromQL over `ports.metrics` */
  readonly query?: QueryFunction;
  /**
   * How long one invocation keeps running rounds for groups with sub-minute intervals and
   * pipeline timers due within it; 0 runs one round. @default 50000 (the schedule is every minute)
   */
  readonly windowMs?: number;
  readonly fault?: (point: FaultPoint) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What an invocation did. */
export interface EvaluatorSummary {
  readonly rounds: number;
  readonly evaluatedRules: number;
  readonly delivered: number;
  readonly failedDeliveries: number;
  readonly conflicts: number;
  readonly ruleErrors: number;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One invocation of `alert-evaluator`: a round now (which also delivers what a crashed run
 * left in the outbox), then, within the window, another round whenever a group or a pipeline
 * timer falls due. Each round writes state before it delivers (see {@link evaluationRound}).
 */
export async function runAlertEvaluator(ports: Ports, options: EvaluatorOptions): Promise<EvaluatorSummary> {
  const query = options.query ?? promqlQueryFunction(ports.metrics);
  const start = ports.clock.now();
  const windowEnd = start + (options.windowMs ?? 50_000);
  const sleep = options.sleep ?? sleepFor;
  let rounds = 0;
  let evaluatedRules = 0;
  let delivered = 0;
  let failedDeliveries = 0;
  let conflicts = 0;
  let ruleErrors = 0;
  for (;;) {
    const now = ports.clock.now();
    const r = await evaluationRound({ ports, query, fault: options.fault }, now);
    rounds++;
    evaluatedRules += r.evaluatedRules;
    ruleErrors += r.errors;
    if (r.conflict) {
      // Another invocation owns this moment; it delivers what it wrote.
      conflicts++;
    } else if (r.outbox.length > 0) {
      const d = await deliverOutbox(ports, options.delivery, r.config, r.outbox);
      delivered += d.delivered;
      failedDeliveries += d.failed;
      options.fault?.('after-delivery');
    }
    if (!r.conflict) delivered += await deliverFollowUps(ports, options.delivery, r.config);
    const next = Math.max(r.nextDueAt, ports.clock.now() + 250);
    if (!(next < windowEnd)) break;
    await sleep(next - ports.clock.now());
  }
  return { rounds, evaluatedRules, delivered, failedDeliveries, conflicts, ruleErrors };
}

/**
 * Receiver delivery from an environment: on Lambda, secret references read SSM Parameter Store
 * and Secrets Manager under `SECRET_NAME_PREFIX`; locally they come from the environment
 * (`ssm:` / `secretsmanager:` names fall back to `SECRET_*`). See {@link secretResolverFor}.
 */
export function deliveryFromEnvironment(ports: Ports, env: Readonly<Record<string, string | undefined>>, retry?: RetryOptions): ReceiverDelivery {
  return new ReceiverDelivery({
    notifier: ports.notifier,
    secrets: secretResolverFor(env),
    defaultSigningSecretRef: env.ALERT_WEBHOOK_SECRET_REF || undefined,
    externalURL: env.PLATFORM_EXTERNAL_URL || undefined,
    retry,
    now: () => ports.clock.now(),
  });
}
