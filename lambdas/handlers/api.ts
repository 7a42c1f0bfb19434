import { httpFunction } from './http-function';

/** Lambda entry of `api`: /monitoring/*, Prometheus and Jaeger read paths, probes (API Gateway REST proxy events). */
export const handler = httpFunction('api');
