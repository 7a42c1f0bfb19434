import { openApiDocument } from '../api/openapi/openapi-document';
import { RouteTable } from '../api/routing/route-table';

let ingestTable: RouteTable | undefined;

/**
 * Which function API Gateway sends a request to: the ingest paths of the document
 * (`x-function: ingest`) go to `ingest`, everything else to `api`.
 */
export function functionForPath(method: string, path: string): 'api' | 'ingest' {
  ingestTable ??= new RouteTable(openApiDocument(), 'ingest');
  return ingestTable.match(method, path).kind === 'not-found' ? 'api' : 'ingest';
}
