import type { Ports } from '../../core/ports';
import { createAwsPorts } from './aws-ports';

let current: Ports | undefined;

/**
 * The ports every handler uses. On Lambda they are the AWS adapters, built lazily from the
 * environment on first use; the local runtime installs the embedded ones with {@link usePorts}
 * before it calls the very same handlers.
 */
export function getPorts(): Ports {
  current ??= createAwsPorts();
  return current;
}

/** Installs the ports handlers will use (the local runtime and tests); `undefined` goes back to the AWS default. */
export function usePorts(ports: Ports | undefined): void {
  current = ports;
}
