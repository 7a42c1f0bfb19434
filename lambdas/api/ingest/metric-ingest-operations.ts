import type { RouteHandler } from '../http/api-types';
import { ingestOtlpMetrics } from './otlp-metric-ingest';
import { ingestPrometheusRemoteWrite } from './remote-write-ingest';

/** The metric write operations of the `ingest` function, by operationId. */
export const metricIngestOperations: Readonly<Record<string, RouteHandler>> = {
  ingestPrometheusRemoteWrite,
  ingestOtlpMetrics,
};
