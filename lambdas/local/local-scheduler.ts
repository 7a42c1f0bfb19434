import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './lambda-context';

/** A scheduled job as Lambda calls it. */
export type JobHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;

/** The event a schedule delivers, shaped like EventBridge's scheduled event. */
export interface ScheduledEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': 'Scheduled Event';
  readonly source: 'aws.scheduler';
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, never>;
}

/** One schedule: a job and its period. */
export interface ScheduleSpec {
  readonly name: string;
  readonly everyMs: number;
  readonly handler: JobHandler;
}

/**
 * Fires each job on its own timer with a scheduler-like event. A tick that comes while the
 * previous run of the same job is still going is skipped (the deployed schedules use a
 * flexible window and one concurrent run).
 */
export class LocalScheduler {
  private timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly schedules: readonly ScheduleSpec[]) {}

  start(): void {
    for (const s of this.schedules) {
      const timer = setInterval(() => void this.fire(s), s.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** Runs one job now (tests, and each timer tick). */
  fire(spec: ScheduleSpec): Promise<void> {
    const running = this.inFlight.get(spec.name);
    if (running) return running;
    const event: ScheduledEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: '000000000000',
      time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: 'local',
      resources: [`arn:aws:scheduler:local:000000000000:schedule/default/${spec.name}`],
      detail: {},
    };
    const run = spec
      .handler(event, lambdaContext(spec.name, randomUUID()))
      .then(() => undefined, () => undefined) // the handler's middleware has logged the failure
      .finally(() => this.inFlight.delete(spec.name));
    this.inFlight.set(spec.name, run);
    return run;
  }

  /** Stops the timers and waits for runs in progress. */
  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    await Promise.all(this.inFlight.values());
  }
}
