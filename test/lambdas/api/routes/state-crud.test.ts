import { call, request, testPorts } from '../api-test-kit';

describe('dashboards and alert rules CRUD on the StateStore', () => {
  it('creates, reads, lists, updates and deletes a dashboard with versions and ETags', async () => {
    const { ports, clock } = testPorts();
    const created = await call(ports, request('POST', '/monitoring/dashboards', { body: { id: 'ops', title: 'Ops', description: 'd' } }));
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe('/monitoring/dashboards/ops');
    expect(created.headers.etag).toBe('"1"');
    expect(created.body).toMatchObject({ id: 'ops', title: 'Ops', description: 'd', version: 1, updatedAt: '2026-11-22T12:00:00.000Z' });

    const stored = await ports.state.get('dashboard', 'ops');
    expect(stored?.value).toMatchObject({ title: 'Ops', description: 'd' });
    expect(stored?.value).not.toHaveProperty('version');

    clock.advance(1500);
    const updated = await call(ports, request('PUT', '/monitoring/dashboards/ops', { body: { title: 'Ops 2', version: 1 } }));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: 'ops', title: 'Ops 2', version: 2, updatedAt: '2026-11-22T12:00:01.500Z' });

    const got = await call(ports, request('GET', '/monitoring/dashboards/ops'));
    expect(got.body.title).toBe('Ops 2');
    expect(got.headers.etag).toBe('"2"');

    const stale = await call(ports, request('PUT', '/monitoring/dashboards/ops', { body: { title: 'late' }, headers: { 'If-Match': '"1"' } }));
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');

    const staleDelete = await call(ports, request('DELETE', '/monitoring/dashboards/ops?version=1'));
    expect(staleDelete.status).toBe(409);
    const deleted = await call(ports, request('DELETE', '/monitoring/dashboards/ops', { headers: { 'if-match': 'W/"2"' } }));
    expect(deleted.status).toBe(204);
    expect((await call(ports, request('GET', '/monitoring/dashboards/ops'))).status).toBe(404);
    expect((await call(ports, request('DELETE', '/monitoring/dashboards/ops'))).status).toBe(404);
  });

  it('generates an id when the body has none, and refuses to create an id twice', async () => {
    const { ports } = testPorts();
    const a = await call(ports, request('POST', '/monitoring/dashboards', { body: { title: 'A' } }));
    expect(a.body.id).toMatch(/^[0-9a-f-]{36}$/);
    await call(ports, request('POST', '/monitoring/dashboards', { body: { id: 'x', title: 'X' } }));
    const again = await call(ports, request('POST', '/monitoring/dashboards', { body: { id: 'x', title: 'X again' } }));
    expect(again.status).toBe(409);
  });

  it('requires title on dashboards and name and expr on alert rules', async () => {
    const { ports } = testPorts();
    const noTitle = await call(ports, request('POST', '/monitoring/dashboards', { body: { tags: [] } }));
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.error.details).toEqual([expect.objectContaining({ missing: 'title' })]);
    const rule = await call(ports, request('POST', '/monitoring/alerts/rules', { body: { id: 'high-errors', name: 'High errors', expr: 'rate(errors[5m]) > 1', for: '5m' } }));
    expect(rule.status).toBe(201);
    expect(await ports.state.get('alert-rule', 'high-errors')).toMatchObject({ version: 1, value: { name: 'High errors', expr: 'rate(errors[5m]) > 1', for: '5m' } });
    const put = await call(ports, request('PUT', '/monitoring/alerts/rules/high-errors', { body: { name: 'High errors' } }));
    expect(put.status).toBe(400);
  });

  it('pages lists with limit and cursor', async () => {
    const { ports } = testPorts();
    for (const id of ['a', 'b', 'c', 'd', 'e']) await call(ports, request('POST', '/monitoring/alerts/rules', { body: { id, name: id, expr: 'up == 0' } }));
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call(ports, request('GET', `/monitoring/alerts/rules?limit=2${cursor ? `&cursor=${cursor}` : ''}`));
      expect(res.status).toBe(200);
      ids.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pages).toBe(3);
    const bad = await call(ports, request('GET', '/monitoring/alerts/rules?cursor=garbage'));
    expect(bad.status).toBe(400);
  });

  it('refuses a PUT whose body version and If-Match disagree, or whose body id differs from the path', async () => {
    const { ports } = testPorts();
    await call(ports, request('POST', '/monitoring/dashboards', { body: { id: 'd', title: 'D' } }));
    expect((await call(ports, request('PUT', '/monitoring/dashboards/d', { body: { title: 'D', version: 1 }, headers: { 'if-match': '"2"' } }))).status).toBe(400);
    expect((await call(ports, request('PUT', '/monitoring/dashboards/d', { body: { id: 'e', title: 'D' } }))).status).toBe(400);
    expect((await call(ports, request('PUT', '/monitoring/dashboards/d', { body: { title: 'D' }, headers: { 'if-match': 'abc' } }))).status).toBe(400);
  });

  it('lets exactly one of two concurrent PUTs with the same version win', async () => {
    const { ports } = testPorts();
    await call(ports, request('POST', '/monitoring/dashboards', { body: { id: 'race', title: 'v1' } }));
    const [a, b] = await Promise.all([
      call(ports, request('PUT', '/monitoring/dashboards/race', { body: { title: 'from a', version: 1 } })),
      call(ports, request('PUT', '/monitoring/dashboards/race', { body: { title: 'from b', version: 1 } })),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'from a' : 'from b';
    const final = await call(ports, request('GET', '/monitoring/dashboards/race'));
    expect(final.body).toMatchObject({ title: winner, version: 2 });
  });
});
