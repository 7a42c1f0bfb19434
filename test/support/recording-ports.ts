import type { Ports } from '../../lambdas/core/ports';

/** A port whose calls are recorded (the clock is not a service and is left out). */
export type RecordedPort = Exclude<keyof Ports, 'clock'>;

/** What a port method does to the service behind it: what decides the IAM actions its AWS adapter needs. */
export type PortOperation = 'read' | 'write' | 'delete' | 'ping';

/**
 * Each port method by the operation it is on AWS. A method missing here (a new port method,
 * or one only the embedded adapters have) is recorded as `unmapped`, which the grants test
 * refuses: the table must learn it before the test can pass again.
 */
export const PORT_METHOD_OPERATIONS: Readonly<Record<RecordedPort, Readonly<Record<string, PortOperation>>>> = {
  metrics: { write: 'write', select: 'read', findSeries: 'read', labelNames: 'read', labelValues: 'read', selectColumns: 'read', ping: 'ping' },
  logs: { append: 'write', query: 'read', search: 'read', aggregate: 'read', streams: 'read', ping: 'ping' },
  traces: { putSpans: 'write', getTrace: 'read', searchTraces: 'read', services: 'read', ping: 'ping' },
  state: { get: 'read', list: 'read', put: 'write', delete: 'delete', ping: 'ping' },
  notifier: { notify: 'write' },
  stream: { put: 'write', ping: 'ping' },
};

/** One distinct port call of one function, e.g. `state.put` (a write) by `log-processor`. */
export interface PortCall {
  readonly fn: string;
  readonly port: RecordedPort;
  readonly method: string;
  readonly operation: PortOperation | 'unmapped';
  /** What the function was doing at the first such call (e.g. `GET /ready`), as the test named it. */
  readonly trigger: string;
}

const RECORDED: readonly RecordedPort[] = ['metrics', 'logs', 'traces', 'state', 'notifier', 'stream'];

/**
 * Ports that record which port methods each function calls: every port of `inner` behind a
 * Proxy that notes the call against the function running at the time ({@link RecordingPorts.as}).
 * Calls made while no function runs (test setup through `ports`) are not recorded.
 */
export class RecordingPorts {
  /** The recording ports, for `usePorts`. */
  readonly ports: Ports;
  private readonly calls = new Map<string, PortCall>();
  private current: { fn: string; trigger: string } | undefined;

  constructor(readonly inner: Ports) {
    const wrapped: Record<string, unknown> = { clock: inner.clock };
    for (const port of RECORDED) wrapped[port] = this.wrap(port, inner[port] as unknown as object);
    this.ports = wrapped as unknown as Ports;
  }

  /** Runs `body` with its port calls recorded against `fn` (one function at a time); `trigger` says what it runs. */
  async as<T>(fn: string, body: () => Promise<T>, trigger = 'invocation'): Promise<T> {
    if (this.current !== undefined) throw new Error(`${fn} started while ${this.current.fn} was still running`);
    this.current = { fn, trigger };
    try {
      return await body();
    } finally {
      this.current = undefined;
    }
  }

  /** Every distinct call recorded, by function, port and method. */
  recorded(fn?: string): PortCall[] {
    return [...this.calls.values()].filter((c) => fn === undefined || c.fn === fn);
  }

  private wrap(port: RecordedPort, target: object): object {
    return new Proxy(target, {
      get: (t, property, receiver) => {
        const value = Reflect.get(t, property, receiver) as unknown;
        if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') return value;
        return (...args: unknown[]) => {
          if (this.current !== undefined) this.note(this.current.fn, this.current.trigger, port, property);
          // Called on the adapter itself, so its private fields and `this` stay its own.
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      },
    });
  }

  private note(fn: string, trigger: string, port: RecordedPort, method: string): void {
    const key = `${fn} ${port}.${method}`;
    if (!this.calls.has(key)) this.calls.set(key, { fn, port, method, operation: PORT_METHOD_OPERATIONS[port][method] ?? 'unmapped', trigger });
  }
}
