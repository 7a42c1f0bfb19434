import { httpFunction } from './http-function';

/** Lambda entry of `ingest`: OTLP, remote write, Zipkin and Loki write paths (API Gateway REST proxy events). */
export const handler = httpFunction('ingest');
