import { openApiDocument } from '../../../../lambdas/api/openapi/openapi-document';

// Bodies in wire formats a JSON Schema cannot describe; their decoders validate them instead
// (protobuf, snappy, YAML documents checked by their capability's own validator).
const NON_JSON_TYPES = new Set(['application/x-protobuf', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/plain', 'application/x-www-form-urlencoded', 'application/x-ndjson']);

describe('hardening: every JSON request body of the OpenAPI document has a schema', () => {
  const operations = Object.entries(openApiDocument().paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op: op! })));

  it('names a schema for every JSON body, and only known wire formats go without one', () => {
    const missing: string[] = [];
    const unknownTypes: string[] = [];
    let jsonBodies = 0;
    for (const { path, method, op } of operations) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
        // Upstream JSON formats (OTLP/JSON, Zipkin v2, Loki push) reach their own decoders as raw bytes,
        // which validate them field by field (and the fuzz tests throw malformed ones at them).
        if ((type === 'application/json' || type.endsWith('+json')) && op['x-function'] === 'ingest') continue;
        if (type === 'application/json' || type.endsWith('+json')) {
          jsonBodies++;
          if (!media.schema || Object.keys(media.schema).length === 0) missing.push(`${method.toUpperCase()} ${path} (${type})`);
        } else if (!NON_JSON_TYPES.has(type)) unknownTypes.push(`${method.toUpperCase()} ${path} (${type})`);
      }
    }
    expect(missing).toEqual([]);
    expect(unknownTypes).toEqual([]);
    expect(jsonBodies).toBeGreaterThan(20);
  });

  it('bounds every body: admin schemas refuse unknown fields', () => {
    const admin = operations.filter((o) => o.path.startsWith('/monitoring/admin') && o.op.requestBody);
    expect(admin.length).toBeGreaterThanOrEqual(5);
    for (const { op } of admin) {
      expect(op.requestBody!.content['application/json'].schema).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });
});
