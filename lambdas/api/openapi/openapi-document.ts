import { COMPONENTS } from './components';
import { adminPaths } from './paths-admin';
import type { OpenApiDocument } from './openapi-types';
import { compatPaths } from './paths-compat';
import { ingestPaths } from './paths-ingest';
import { insightPaths } from './paths-insights';
import { probePaths } from './paths-probes';
import { signalPaths } from './paths-signals';
import { sloPaths } from './paths-slo';
import { statePaths } from './paths-state';

let cached: OpenApiDocument | undefined;

/**
 * The platform's OpenAPI 3 document: the one source of truth for every route, its
 * parameters and its body schema. The router matches and validates against it; it is
 * served at `GET /monitoring/openapi.json`.
 */
export function openApiDocument(): OpenApiDocument {
  cached ??= {
    openapi: '3.0.3',
    info: {
      title: 'Serverless observability platform',
      version: '0.1.0',
      description: 'Reading API (/monitoring/*), Prometheus and Jaeger compatible paths, probes, and the ingest paths (x-function: ingest).',
    },
    tags: ['metrics', 'dashboards', 'alerts', 'traces', 'logs', 'performance', 'capacity', 'sla', 'prometheus', 'jaeger', 'probes', 'ingest', 'admin'].map((name) => ({ name })),
    paths: { ...probePaths(), ...signalPaths(), ...statePaths(), ...insightPaths(), ...sloPaths(), ...compatPaths(), ...ingestPaths(), ...adminPaths() },
    components: COMPONENTS,
  };
  return cached;
}
