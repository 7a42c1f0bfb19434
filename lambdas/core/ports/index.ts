export type { Clock } from './clock';
export { ManualClock, systemClock } from './clock';
export type { LogArchive } from './log-archive';
export type { LogQuery, LogStore } from './log-store';
export type { MetricSelection, MetricStore, MetricWriteResult } from './metric-store';
export type { Notification, Notifier, Severity } from './notifier';
export type { Page, PageRequest, Pingable } from './page';
export type { PromqlPassthrough } from './promql-passthrough';
export { hasPromqlPassthrough, PromqlPassthroughError } from './promql-passthrough';
export type { ListOptions, PutOptions, StateItem, StateStore } from './state-store';
export type { StatusPagePublisher } from './status-page-publisher';
export type { StreamPutResult, TelemetryStream } from './telemetry-stream';
export type { TraceQuery, TraceStore } from './trace-store';

/** Every port a handler may need, as one bag a composition root fills. */
export interface Ports {
  readonly metrics: import('./metric-store').MetricStore;
  readonly logs: import('./log-store').LogStore;
  readonly traces: import('./trace-store').TraceStore;
  readonly state: import('./state-store').StateStore;
  readonly notifier: import('./notifier').Notifier;
  readonly stream: import('./telemetry-stream').TelemetryStream;
  readonly clock: import('./clock').Clock;
}
