import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { observability, type ObservabilityOptions, type ObservedRequest } from './observability';

/** A plain async Lambda handler. */
export type AsyncHandler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * Wraps a handler with middy and the observability middleware: the one way every entry
 * file in lambdas/handlers builds its exported `handler`.
 */
export function wrapHandler<E, R>(fn: AsyncHandler<E, R>, options: ObservabilityOptions): AsyncHandler<E, R> {
  const middleware = observability(options);
  const wrapped = middy(fn).use({
    before: (request) => middleware.before(request as unknown as ObservedRequest),
    after: (request) => middleware.after(request as unknown as ObservedRequest),
    onError: (request) => middleware.onError(request as unknown as ObservedRequest),
  });
  return (event, context) => wrapped(event, context) as Promise<R>;
}
