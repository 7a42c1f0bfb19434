import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { probeHttp, probePolicy } from '../../../../lambdas/adapters/probes/http-prober';
import { validateCheck } from '../../../../lambdas/core/probes/check-model';

const check = (url: string) => validateCheck({ id: 'c', name: 'c', service: 's', url, timeout: '1s', interval: '10s' }).check!;

describe('HTTP prober outbound guard: internal targets allowed, metadata never', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => void (hits++, res.end('ok')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('probes loopback and names resolving to private addresses (checks target internal services on purpose)', async () => {
    expect(await probeHttp(check(`http://127.0.0.1:${port}/`))).toMatchObject({ success: true, status: 200 });
    const viaName = await probeHttp(check(`http://internal.example.test:${port}/`), { resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    expect(viaName).toMatchObject({ success: true, status: 200 });
    expect(hits).toBe(2);
  });

  it('refuses link-local, metadata and unspecified targets, literal or resolved, without a request', async () => {
    const before = hits;
    expect(await probeHttp(check('http://169.254.169.254/latest/meta-data'))).toMatchObject({ success: false, failure: 'refused: 169.254.169.254 is a link-local address, never allowed' });
    expect(await probeHttp(check('http://[fd00:ec2::254]/'))).toMatchObject({ success: false, failure: 'refused: fd00:ec2::254 is a cloud metadata address, never allowed' });
    expect(await probeHttp(check(`http://0.0.0.0:${port}/`))).toMatchObject({ success: false, failure: 'refused: 0.0.0.0 is an unspecified address, never allowed' });
    const rebound = await probeHttp(check(`http://rebind.example.test:${port}/`), { resolve: async () => [{ address: '169.254.169.254', family: 4 }] });
    expect(rebound).toMatchObject({ success: false, failure: 'refused: rebind.example.test resolves to 169.254.169.254, a link-local address, never allowed' });
    expect(hits).toBe(before);
  });

  it('on AWS Lambda also refuses loopback (the runtime API lives there), literal or resolved, but still probes private addresses', async () => {
    const lambda = probePolicy({ AWS_LAMBDA_FUNCTION_NAME: 'observability-synthetic-checks' });
    expect(lambda).toEqual({ allowPrivate: true, refuseLoopback: true });
    expect(probePolicy({})).toEqual({ allowPrivate: true, refuseLoopback: false });
    const before = hits;
    expect(await probeHttp(check('http://127.0.0.1:9001/2018-06-01/runtime/invocation/next'), { outbound: lambda })).toMatchObject({
      success: false,
      failure: "refused: 127.0.0.1 is a loopback address, the function's own runtime API on AWS Lambda",
    });
    const viaName = await probeHttp(check(`http://internal.example.test:${port}/`), { outbound: lambda, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    expect(viaName).toMatchObject({ success: false, failure: expect.stringContaining('resolves to 127.0.0.1, a loopback address') });
    expect(hits).toBe(before);
    const privateTarget = await probeHttp(check(`http://10.1.2.3:${port}/`), { outbound: lambda, resolve: async () => [] });
    expect(privateTarget.failure ?? '').not.toContain('refused');
  });
});
