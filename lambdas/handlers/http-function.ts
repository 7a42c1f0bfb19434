import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { serveRequest } from '../api/api-app';
import { requestFromProxyEvent, responseToProxyResult } from '../api/http/proxy-event';
import { getPorts } from './composition/ports-provider';
import { labelInvocation } from './middleware/observability';
import { wrapHandler, type AsyncHandler } from './middleware/wrap-handler';

/** Builds the exported handler of an HTTP function (`api`, `ingest`): proxy event in, router, proxy result out. */
export function httpFunction(fn: 'api' | 'ingest'): AsyncHandler<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return wrapHandler(
    async (event: APIGatewayProxyEvent, context) => {
      const request = requestFromProxyEvent(event, context.awsRequestId);
      const { response, route } = await serveRequest(fn, request, getPorts);
      labelInvocation(event, { route, status: response.statusCode, detail: `${request.method} ${request.path}` });
      return responseToProxyResult(response);
    },
    { functionName: fn },
  );
}
