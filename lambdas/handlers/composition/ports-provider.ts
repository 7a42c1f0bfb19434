import type { Ports } from '../../core/ports';

let current: Ports | undefined;

/**
 * The ports every handler uses. On Lambda they are the AWS adapters, built lazily from the
 * environment on first use; the local runtime installs the embedded ones with {@link usePorts}
 * before it calls the very same handlers.
 */
export function getPorts(): Ports {
  if (!current) {
    // Required on first use, not imported: a runtime that installs its own ports (local, tests)
    // never loads the AWS SDK clients, which keeps `npm start` fast.
    const { createAwsPorts } = require('./aws-ports') as typeof import('./aws-ports');
    current = createAwsPorts();
  }
  return current;
}

/** Installs the ports handlers will use (the local runtime and tests); `undefined` goes back to the AWS default. */
export function usePorts(ports: Ports | undefined): void {
  current = ports;
}
