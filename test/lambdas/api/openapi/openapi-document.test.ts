import { openApiDocument } from '../../../../lambdas/api/openapi/openapi-document';
import { ingestOperations } from '../../../../lambdas/api/ingest/ingest-operations';
import { apiOperations } from '../../../../lambdas/api/routes/api-operations';
import { RouteTable } from '../../../../lambdas/api/routing/route-table';
import { call, request, testPorts } from '../api-test-kit';

const doc = openApiDocument();
const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op: op! })));

/** Every endpoint the issue lists, as method and path template. */
const REQUIRED = [
  'GET /monitoring/metrics', 'GET /monitoring/metrics/{metric}',
  'GET /monitoring/dashboards', 'POST /monitoring/dashboards', 'GET /monitoring/dashboards/{id}', 'PUT /monitoring/dashboards/{id}', 'DELETE /monitoring/dashboards/{id}',
  'GET /monitoring/alerts', 'GET /monitoring/alerts/rules', 'POST /monitoring/alerts/rules', 'GET /monitoring/alerts/rules/{id}', 'PUT /monitoring/alerts/rules/{id}',
  'DELETE /monitoring/alerts/rules/{id}', 'POST /monitoring/alerts/{id}/ack',
  'GET /monitoring/traces', 'GET /monitoring/traces/{traceId}', 'GET /monitoring/services', 'GET /monitoring/dependencies',
  'GET /monitoring/logs', 'GET /monitoring/logs/streams', 'POST /monitoring/logs/search', 'GET /monitoring/logs/patterns',
  'GET /monitoring/profiling', 'GET /monitoring/profiling/cpu', 'GET /monitoring/profiling/memory', 'GET /monitoring/benchmarks',
  'GET /monitoring/capacity', 'GET /monitoring/capacity/forecast', 'GET /monitoring/sla', 'GET /monitoring/sla/reports',
  'GET /health', 'GET /ready', 'GET /live', 'GET /monitoring/openapi.json',
  'POST /v1/metrics', 'POST /v1/logs', 'POST /v1/traces', 'POST /api/v1/write', 'POST /api/v2/spans', 'POST /loki/api/v1/push',
];

describe('the OpenAPI document', () => {
  it('is an OpenAPI 3 document with unique operationIds and resolvable references', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d$/);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const pointer = ref.slice(8, -1);
      let target: unknown = doc;
      for (const part of pointer.slice(2).split('/')) target = (target as Record<string, unknown>)?.[part];
      expect({ pointer, resolved: target !== undefined }).toEqual({ pointer, resolved: true });
    }
    for (const { path, op } of ops) {
      const declared = new Set((op.parameters ?? []).filter((p) => 'in' in p && p.in === 'path').map((p) => (p as { name: string }).name));
      const inPath = new Set([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
      expect({ path, params: [...declared].sort() }).toEqual({ path, params: [...inPath].sort() });
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    }
  });

  it('holds every endpoint of the issue', () => {
    const present = new Set(ops.map((o) => `${o.method} ${o.path}`));
    expect(REQUIRED.filter((r) => !present.has(r))).toEqual([]);
  });

  it('gives every operation exactly one implementation: a handler, or a pending capability', () => {
    for (const { op } of ops) {
      const handlers = op['x-function'] === 'ingest' ? ingestOperations : apiOperations;
      const implemented = op.operationId in handlers;
      expect({ id: op.operationId, one: implemented !== (op['x-capability'] !== undefined) }).toEqual({ id: op.operationId, one: true });
    }
    const known = new Set(ops.map((o) => o.op.operationId));
    expect(Object.keys({ ...apiOperations, ...ingestOperations }).filter((id) => !known.has(id))).toEqual([]);
  });

  it('routes every operation the router serves, and every route is in the document', async () => {
    const { ports } = testPorts();
    const table = new RouteTable(doc, 'any');
    expect(table.all().map((p) => p.template).sort()).toEqual(Object.keys(doc.paths).sort());
    for (const { path, method, op } of ops) {
      const concrete = path.replace(/\{traceId\}/, 'a'.repeat(32)).replace(/\{metric\}/, 'up').replace(/\{[^}]+\}/g, 'x1');
      const fn = op['x-function'] ?? 'api';
      const body = op.requestBody ? { raw: Buffer.from('{"title":"t","name":"n","expr":"up","query":"q"}'), headers: { 'content-type': Object.keys(op.requestBody.content)[0] } } : {};
      const res = await call(ports, request(method, concrete, body), fn);
      expect({ op: op.operationId, route: res.route, known: ![404, 405].includes(res.status) || res.body?.error?.code === 'not_found' }).toEqual({
        op: op.operationId,
        route: `${method} ${path}`,
        known: true,
      });
    }
  });

  it('is served at GET /monitoring/openapi.json', async () => {
    const { ports } = testPorts();
    const res = await call(ports, request('GET', '/monitoring/openapi.json'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
