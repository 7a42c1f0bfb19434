/** Severities; on AWS each has its own SNS topic. */
export type Severity = 'critical' | 'warning' | 'info';

/** One notification to deliver. */
export interface Notification {
  readonly severity: Severity;
  readonly subject: string;
  readonly message: string;
  readonly attributes?: Readonly<Record<string, string>>;
  /** Receivers drop a second notification with the same key (idempotent delivery). */
  readonly dedupKey?: string;
}

/** Delivers notifications (SNS topics on AWS, an outbox table locally). */
export interface Notifier {
  notify(notification: Notification): Promise<{ readonly messageId: string }>;
}
