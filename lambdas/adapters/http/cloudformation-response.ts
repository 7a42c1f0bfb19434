import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The body CloudFormation expects at a custom resource's ResponseURL (its documented fields). */
export interface CloudFormationResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}

/**
 * Answers a custom resource: one PUT of the JSON body to the pre-signed ResponseURL, with an
 * empty Content-Type (the URL is signed without one). Rejects unless the store answers 2xx,
 * so the caller's log shows why the stack waits.
 */
export function sendCloudFormationResponse(responseUrl: string, body: CloudFormationResponse, timeoutMs = 10_000): Promise<void> {
  const text = JSON.stringify(body);
  const url = new URL(responseUrl);
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(text) }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new Error(`CloudFormation response URL answered HTTP ${status}`));
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from the CloudFormation response URL within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(text);
  });
}
