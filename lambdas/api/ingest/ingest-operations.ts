import type { RouteHandler } from '../http/api-types';
import { logIngestOperations } from './log-ingest';
import { metricIngestOperations } from './metric-ingest-operations';
import { traceIngestOperations } from './trace-ingest';

/**
 * The implemented operations of the `ingest` function, by operationId. None yet: every
 * ingest path carries `x-capability` (metrics, logs or traces) and answers 501 until that
 * capability lands; each will decode its format and call `writeToStream`.
 */
export const ingestOperations: Readonly<Record<string, RouteHandler>> = {
  ...metricIngestOperations,
  ...traceIngestOperations,
  ...logIngestOperations,
};
