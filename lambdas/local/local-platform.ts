import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { SqliteTelemetryStream } from '../adapters/embedded/sqlite-telemetry-stream';
import type { Signal } from '../core/domain/telemetry';
import type { Clock, Ports } from '../core/ports';
import { handler as alertEvaluator } from '../handlers/alert-evaluator';
import { handler as api } from '../handlers/api';
import { handler as capacityForecast } from '../handlers/capacity-forecast';
import { usePorts } from '../handlers/composition/ports-provider';
import { handler as escalation } from '../handlers/escalation';
import { handler as ingest } from '../handlers/ingest';
import { handler as logProcessor } from '../handlers/log-processor';
import { handler as metricsCompaction } from '../handlers/metrics-compaction';
import { handler as metricsWriter } from '../handlers/metrics-writer';
import { configureObservability, type LogSink } from '../handlers/middleware/observability';
import { handler as slaReport } from '../handlers/sla-report';
import { useStatusPage } from '../handlers/composition/status-page-provider';
import { handler as syntheticChecks } from '../handlers/synthetic-checks';
import { FileStatusPage } from '../adapters/embedded/file-status-page';
import { FileLogArchive } from '../adapters/embedded/file-log-archive';
import { useLogArchive } from '../handlers/composition/log-archive-provider';
import { handler as traceProcessor } from '../handlers/trace-processor';
import { openEmbeddedPorts } from './embedded-ports';
import { functionForPath } from './function-for-path';
import { proxyEventFromHttp, writeProxyResult } from './http-to-event';
import { lambdaContext } from './lambda-context';
import { LocalScheduler, type ScheduleSpec } from './local-scheduler';
import { StreamDispatcher, type DispatcherSettings, type ProcessorHandler, type ProcessorTable } from './stream-dispatcher';

/** API Gateway's own payload limit: bigger requests never reach a function. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

type HttpHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Options of {@link startLocalPlatform}. */
export interface LocalPlatformOptions {
  /** Where platform.db lives. */
  readonly dataDir: string;
  /** 0 picks a free port. @default 8080 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Replaces a signal's processor (tests inject failing ones). @default the exported handlers */
  readonly processors?: Partial<Record<Signal, ProcessorHandler>>;
  /** Stream delivery settings (batch size, poll interval, attempts, backoff). */
  readonly dispatcher?: Partial<DispatcherSettings>;
  /** The schedules to run, or false for none. @default alert-evaluator and escalation every minute, the reports hourly */
  readonly schedules?: readonly ScheduleSpec[] | false;
  /** Where log lines go. @default stdout */
  readonly log?: LogSink;
  /** Write full JSON + EMF lines instead of one concise line per invocation. @default false */
  readonly emf?: boolean;
  readonly clock?: Clock;
}

/** A running local platform. */
export interface LocalPlatform {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly ports: Ports;
  /** The stream with its consumer API (tests inspect pending and dead-lettered records). */
  readonly stream: SqliteTelemetryStream;
  readonly dispatcher: StreamDispatcher;
  /** Stops accepting, finishes in-flight requests and the current batches, closes the database. */
  stop(): Promise<void>;
}

/** The schedules `npm start` runs. */
export function defaultSchedules(): ScheduleSpec[] {
  return [
    // One round per tick locally (no in-invocation rounds, so stopping never waits for a window).
    { name: 'alert-evaluator', everyMs: 10_000, handler: alertEvaluator },
    { name: 'escalation', everyMs: 60_000, handler: escalation },
    { name: 'synthetic-checks', everyMs: 60_000, handler: syntheticChecks },
    { name: 'sla-report', everyMs: 3_600_000, handler: slaReport },
    { name: 'capacity-forecast', everyMs: 3_600_000, handler: capacityForecast },
    // Raw samples past their retention become 5-minute rollups (Timestream uses a scheduled query instead).
    { name: 'metrics-compaction', everyMs: 3_600_000, handler: metricsCompaction },
    // Tail-sampling decisions and expired service-graph halves are settled on a tick when a shard gets no new spans.
    { name: 'trace-processor', everyMs: 5_000, handler: traceProcessor },
  ];
}

/**
 * Runs the platform on one machine: an HTTP server that turns each request into an API
 * Gateway proxy event for the same `api`/`ingest` handlers Lambda runs, a dispatcher that
 * feeds stream records to the processors as Kinesis events, and timers for the schedules.
 * One platform per process: it installs its ports for the handlers.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const log: LogSink = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  const embedded = openEmbeddedPorts(options.dataDir, options.clock);
  usePorts(embedded.ports);
  // The evaluator's sub-minute rounds inside one invocation are for Lambda's one-minute schedule;
  // locally the timer ticks every 10 s instead, unless the user chose a window.
  process.env.ALERT_EVALUATOR_WINDOW_MS ??= '0';
  const statusPage = new FileStatusPage(join(options.dataDir, 'status', 'index.html'));
  useStatusPage(statusPage);
  useLogArchive(new FileLogArchive(join(options.dataDir, 'archive')));
  const previousObservability = configureObservability({ sink: log, emf: options.emf ?? false, format: options.emf ? 'json' : 'concise' });

  const processors: ProcessorTable = {
    metrics: { name: 'metrics-writer', handler: options.processors?.metrics ?? metricsWriter },
    logs: { name: 'log-processor', handler: options.processors?.logs ?? logProcessor },
    traces: { name: 'trace-processor', handler: options.processors?.traces ?? traceProcessor },
  };
  const dispatcher = new StreamDispatcher(embedded.stream, processors, options.dispatcher);
  const scheduler = new LocalScheduler(options.schedules === false ? [] : (options.schedules ?? defaultSchedules()));
  const handlers: Record<'api' | 'ingest', HttpHandler> = { api, ingest };

  const server = createServer((req, res) => void serve(req, res, handlers, log, statusPage));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  dispatcher.start();
  scheduler.start();

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${address.address}:${address.port}`,
    port: address.port,
    ports: embedded.ports,
    stream: embedded.stream,
    dispatcher,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closed;
        await Promise.all([dispatcher.stop(), scheduler.stop()]);
        embedded.close();
        usePorts(undefined);
        useStatusPage(undefined);
        useLogArchive(undefined);
        configureObservability(previousObservability);
      })();
      return stopping;
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, handlers: Record<'api' | 'ingest', HttpHandler>, log: LogSink, statusPage: FileStatusPage): Promise<void> {
  const requestId = randomUUID();
  // The public status page: on AWS a static object behind CloudFront, here the file the synthetic-checks job writes.
  if ((req.method === 'GET' || req.method === 'HEAD') && /^\/status\/?(index\.html)?(\?.*)?$/.test(req.url ?? '')) {
    const html = statusPage.read() ?? '<!doctype html><title>Service status</title><p>No synthetic checks have run yet.</p>';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-length': Buffer.byteLength(html) });
    res.end(req.method === 'HEAD' ? undefined : html);
    log(`local ${req.method} /status 200`);
    return;
  }
  try {
    const body = await readBody(req);
    if (body === undefined) {
      writeJsonError(res, 413, 'payload_too_large', `the request is over ${MAX_REQUEST_BYTES} bytes`);
      return;
    }
    const event = proxyEventFromHttp(req, body, requestId);
    const fn = functionForPath(event.httpMethod, event.path);
    const result = await handlers[fn](event, lambdaContext(fn, requestId));
    writeProxyResult(res, result, event.httpMethod === 'HEAD');
  } catch (error) {
    // What a Lambda crash looks like behind API Gateway: 502 with a JSON message.
    log(`local ${req.method} ${req.url} failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!res.headersSent) writeJsonError(res, 502, 'internal', 'the function failed');
    else res.destroy();
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function writeJsonError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message, details: [] } });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
