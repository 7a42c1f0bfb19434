import { call, request, testPorts } from '../api-test-kit';

describe('probes', () => {
  it('/health and /live answer 200 without touching the ports', async () => {
    const { ports } = testPorts();
    expect(await call(ports, request('GET', '/health'))).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await call(ports, request('GET', '/live'))).toMatchObject({ status: 200, body: { status: 'live' } });
  });

  it('/ready pings every port and answers 200 when all answer', async () => {
    const { ports } = testPorts();
    const res = await call(ports, request('GET', '/ready'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { metrics: 'ok', logs: 'ok', traces: 'ok', state: 'ok', stream: 'ok' } });
  });

  it('/ready answers 503 naming the port that failed', async () => {
    const { ports, traces } = testPorts();
    traces.failPing = true;
    const res = await call(ports, request('GET', '/ready'));
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'not_ready',
      checks: { metrics: 'ok', logs: 'ok', traces: 'failed: trace store unreachable', state: 'ok', stream: 'ok' },
      failed: ['traces'],
    });
  });

  it('/ready fails a closed database', async () => {
    const { ports, db } = testPorts();
    db.close();
    const res = await call(ports, request('GET', '/ready'));
    expect(res.status).toBe(503);
    expect(res.body.failed).toEqual(expect.arrayContaining(['state', 'stream', 'metrics']));
  });
});
