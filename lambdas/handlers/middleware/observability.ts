import type { Context } from 'aws-lambda';

/** Where log lines go: one call per line, without the trailing newline. */
export type LogSink = (line: string) => void;

/** How invocation lines are written: structured JSON (Lambda) or one short human line (local console). */
export type LogFormat = 'json' | 'concise';

/** What a handler tells the middleware about an invocation, beyond what the event says. */
export interface InvocationLabels {
  /** The matched route, e.g. `GET /monitoring/dashboards/{id}`. */
  route?: string;
  /** HTTP status of the answer. */
  status?: number;
  /** Records in a stream batch. */
  batchSize?: number;
  /** Records of the batch reported as failed. */
  failedRecords?: number;
  /** Short extra text for the concise line (e.g. the concrete request path). */
  detail?: string;
}

/** Options of {@link observability}; everything has a default. */
export interface ObservabilityOptions {
  /** The `Function` dimension when PLATFORM_FUNCTION is not set. @default the Lambda function name */
  readonly functionName?: string;
  /** EMF namespace. @default METRICS_NAMESPACE, then `Observability/Platform` */
  readonly namespace?: string;
  /** The `Route` dimension when the handler sets none (processors: `batch`, jobs: `schedule`). @default 'invoke' */
  readonly defaultRoute?: string;
  /** Where lines go. @default the process-wide setting (stdout) */
  readonly sink?: LogSink;
  /** Emit EMF metrics. @default the process-wide setting (true) */
  readonly emf?: boolean;
  /** @default the process-wide setting ('json') */
  readonly format?: LogFormat;
  /** Milliseconds clock for durations and the EMF timestamp. @default Date.now */
  readonly now?: () => number;
  /** CPU profiler for a share of invocations. @default the process-wide setting, else one built from PROFILE_SAMPLE_SHARE (none when unset or 0) */
  readonly profiler?: InvocationProfiler;
}

/** A profile being recorded for one invocation. */
export interface ActiveProfile {
  /** Stops and stores the profile under the function's name; never throws. */
  end(functionName: string): Promise<void>;
}

/** Samples invocations for CPU profiles (see cpu-profile-sampler.ts). */
export interface InvocationProfiler {
  shouldSample(): boolean;
  begin(): ActiveProfile;
}

/** Process-wide defaults; the local runtime turns EMF off and switches to concise lines. */
export interface ObservabilitySettings {
  sink: LogSink;
  emf: boolean;
  format: LogFormat;
  /** Profiler for every handler of the process (overrides PROFILE_SAMPLE_SHARE). */
  profiler?: InvocationProfiler;
}

const stdoutSink: LogSink = (line) => process.stdout.write(`${line}\n`);
const settings: ObservabilitySettings = { sink: stdoutSink, emf: true, format: 'json' };

/** Changes the process-wide defaults (the local runtime calls this once at start). Returns the previous ones. */
export function configureObservability(changes: Partial<ObservabilitySettings>): ObservabilitySettings {
  const previous = { ...settings };
  Object.assign(settings, changes);
  return previous;
}

// Keyed by the event object so handlers can label an invocation without touching middy internals.
const labelsByEvent = new WeakMap<object, InvocationLabels>();

/** Attaches labels (route, status, batch size...) to the invocation of `event`. */
export function labelInvocation(event: unknown, labels: InvocationLabels): void {
  if (typeof event !== 'object' || event === null) return;
  labelsByEvent.set(event, { ...labelsByEvent.get(event), ...labels });
}

/** The part of a middy request this middleware reads. */
export interface ObservedRequest {
  event: unknown;
  context: Context;
  response?: unknown;
  error?: unknown;
  internal: Record<string, unknown>;
}

const START = 'observability:start';
const PROFILE = 'observability:profile';

let envProfiler: { share: string; profiler: InvocationProfiler | undefined } | undefined;

/** The profiler PROFILE_SAMPLE_SHARE asks for, built once per value; the sampler is required only when a share is set. */
function profilerFromEnv(): InvocationProfiler | undefined {
  const share = process.env.PROFILE_SAMPLE_SHARE ?? '';
  if (envProfiler?.share === share) return envProfiler.profiler;
  let profiler: InvocationProfiler | undefined;
  if (Number(share) > 0) {
    const { CpuProfileSampler } = require('./cpu-profile-sampler') as typeof import('./cpu-profile-sampler');
    const { getPorts } = require('../composition/ports-provider') as typeof import('../composition/ports-provider');
    profiler = new CpuProfileSampler({ share: Math.min(1, Number(share)), store: () => getPorts().state });
  }
  envProfiler = { share, profiler };
  return profiler;
}

/**
 * Middy middleware: one log line per invocation (request id, route or batch size, status,
 * duration) and CloudWatch Embedded Metric Format metrics Invocations, Errors and Duration
 * per (Function, Route). Settings are resolved per invocation so nothing reads the
 * environment at import time.
 */
export const observability = (opts: ObservabilityOptions = {}) => {
  const options = { defaultRoute: 'invoke', now: Date.now, ...opts };
  const before = (request: ObservedRequest): void => {
    request.internal[START] = options.now();
    const profiler = options.profiler ?? settings.profiler ?? profilerFromEnv();
    if (profiler?.shouldSample()) request.internal[PROFILE] = profiler.begin();
  };
  const after = (request: ObservedRequest): void | Promise<void> => {
    emit(request, undefined);
    return endProfile(request);
  };
  const onError = (request: ObservedRequest): void | Promise<void> => {
    emit(request, request.error);
    return endProfile(request);
  };

  function endProfile(request: ObservedRequest): Promise<void> | undefined {
    const active = request.internal[PROFILE] as ActiveProfile | undefined;
    if (!active) return undefined;
    delete request.internal[PROFILE];
    return active.end(process.env.PLATFORM_FUNCTION ?? options.functionName ?? request.context?.functionName ?? 'unknown');
  }

  function emit(request: ObservedRequest, error: unknown): void {
    const started = typeof request.internal[START] === 'number' ? (request.internal[START] as number) : options.now();
    const end = options.now();
    const labels = labelsByEvent.get(request.event as object) ?? {};
    const status = error ? 'error' : (labels.status ?? statusOf(request.response));
    // 501 is a deliberate answer (a capability not landed yet), not a fault.
    const failed = error !== undefined || (typeof status === 'number' && status >= 500 && status !== 501);
    const line = {
      functionName: process.env.PLATFORM_FUNCTION ?? options.functionName ?? request.context?.functionName ?? 'unknown',
      route: labels.route ?? options.defaultRoute,
      requestId: request.context?.awsRequestId,
      status,
      durationMs: Math.round((end - started) * 1000) / 1000,
      ...(labels.batchSize !== undefined && { batchSize: labels.batchSize }),
      ...(labels.failedRecords !== undefined && { failedRecords: labels.failedRecords }),
      ...(error !== undefined && { error: error instanceof Error ? error.message : String(error) }),
    };
    const sink = options.sink ?? settings.sink;
    const format = options.format ?? settings.format;
    if (format === 'concise') {
      sink(conciseLine(line, labels));
      return;
    }
    const emf = options.emf ?? settings.emf;
    const namespace = options.namespace ?? process.env.METRICS_NAMESPACE ?? 'Observability/Platform';
    const record: Record<string, unknown> = {
      level: failed ? 'error' : 'info',
      message: 'invocation',
      timestamp: new Date(end).toISOString(),
      ...line,
    };
    if (emf) Object.assign(record, emfBlock(namespace, end, line.functionName, line.route, failed, line.durationMs, labels));
    sink(JSON.stringify(record));
  }

  return { before, after, onError };
};

function statusOf(response: unknown): number | 'ok' {
  if (typeof response === 'object' && response !== null && 'statusCode' in response) {
    const code = (response as { statusCode: unknown }).statusCode;
    if (typeof code === 'number') return code;
  }
  return 'ok';
}

/** The EMF fields: the `_aws` metadata block plus the dimension and metric values at the top level. */
function emfBlock(
  namespace: string,
  timestamp: number,
  functionName: string,
  route: string,
  failed: boolean,
  durationMs: number,
  labels: InvocationLabels,
): Record<string, unknown> {
  const metrics: { Name: string; Unit: string }[] = [
    { Name: 'Invocations', Unit: 'Count' },
    { Name: 'Errors', Unit: 'Count' },
    { Name: 'Duration', Unit: 'Milliseconds' },
  ];
  const values: Record<string, number> = { Invocations: 1, Errors: failed ? 1 : 0, Duration: durationMs };
  if (labels.batchSize !== undefined) {
    metrics.push({ Name: 'BatchSize', Unit: 'Count' }, { Name: 'FailedRecords', Unit: 'Count' });
    values.BatchSize = labels.batchSize;
    values.FailedRecords = labels.failedRecords ?? 0;
  }
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [['Function', 'Route']], Metrics: metrics }],
    },
    Function: functionName,
    Route: route,
    ...values,
  };
}

function conciseLine(line: { functionName: string; route: string; status: unknown; durationMs: number; batchSize?: number; failedRecords?: number; error?: string }, labels: InvocationLabels): string {
  const what = labels.detail ?? line.route;
  const batch = line.batchSize !== undefined ? ` batch=${line.batchSize} failed=${line.failedRecords ?? 0}` : '';
  const error = line.error ? ` error=${JSON.stringify(line.error)}` : '';
  return `${line.functionName} ${what} ${String(line.status)} ${Math.round(line.durationMs)}ms${batch}${error}`;
}
