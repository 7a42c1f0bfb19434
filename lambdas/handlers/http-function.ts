import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { serveRequest } from '../api/api-app';
import { secureServe } from '../api/auth/secure-serve';
import { requestFromProxyEvent, responseToProxyResult } from '../api/http/proxy-event';
import { getPorts } from './composition/ports-provider';
import { labelInvocation } from './middleware/observability';
import { wrapHandler, type AsyncHandler } from './middleware/wrap-handler';

/** Builds the exported handler of an HTTP function (`api`, `ingest`): proxy event in, router, proxy result out. */
export function httpFunction(fn: 'api' | 'ingest'): AsyncHandler<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return wrapHandler(
    async (event: APIGatewayProxyEvent, context) => {
      const request = requestFromProxyEvent(event, context.awsRequestId);
      // Access control, audit and security headers wrap the router (lambdas/api/auth).
      const caller = { authorizer: event.requestContext?.authorizer, userArn: event.requestContext?.identity?.userArn, sourceIp: event.requestContext?.identity?.sourceIp };
      const { response, route } = await secureServe(fn, request, caller, getPorts, (r) => serveRequest(fn, r, getPorts));
      labelInvocation(event, { route, status: response.statusCode, detail: `${request.method} ${request.path}` });
      return responseToProxyResult(response);
    },
    { functionName: fn },
  );
}
