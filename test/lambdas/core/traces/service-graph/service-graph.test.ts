import type { CompletedEdge } from '../../../../../lambdas/core/traces/service-graph/completed-edge';
import { buildServiceGraph } from '../../../../../lambdas/core/traces/service-graph/build-service-graph';
import { DependencyGraphBuilder } from '../../../../../lambdas/core/traces/service-graph/dependency-graph-builder';
import { EdgePairer } from '../../../../../lambdas/core/traces/service-graph/edge-pairer';
import { toDot } from '../../../../../lambdas/core/traces/service-graph/to-dot';
import { toMermaid } from '../../../../../lambdas/core/traces/service-graph/to-mermaid';
import { checkoutTrace, span } from '../support/span-builder';
import { generateWorkload } from '../support/workload';

const summary = (g: ReturnType<typeof buildServiceGraph>) => g.edges.map((e) => `${e.source}->${e.target} [${e.connectionType}] calls=${e.calls} errors=${e.errors}`);

// 1,000 traces: counts follow from the generator's rules (see workload.ts).
const EXPECTED_EDGES = [
  'api->audit [messaging_system] calls=333 errors=0',
  'api->auth [] calls=500 errors=100',
  'api->orders [database] calls=1250 errors=0',
  'api->worker [messaging_system] calls=334 errors=0',
  'frontend->api [] calls=1000 errors=0',
  'user->frontend [virtual_node] calls=1000 errors=0',
  'worker->payments [virtual_node] calls=334 errors=0',
];

describe('service graph', () => {
  it('finds the exact edges and counts of a 1,000-trace workload with known topology', () => {
    const g = buildServiceGraph(generateWorkload(1000));
    expect(summary(g)).toEqual(EXPECTED_EDGES);
    expect(g.nodes.map((n) => `${n.id}:${n.type}`)).toEqual(['api:service', 'audit:messaging', 'auth:service', 'frontend:service', 'orders:database', 'payments:external', 'user:external', 'worker:service']);
    expect(g.nodes.find((n) => n.id === 'auth')).toMatchObject({ calls: 500, errors: 100 });
    // auth latency = (i % 7) × 0.3 s: bucket checks against Tempo's default bounds.
    const auth = g.edges.find((e) => e.target === 'auth')!.latency;
    expect(auth.count).toBe(500);
    expect(auth.buckets.map((b) => b.le)).toEqual(['0.1', '0.2', '0.4', '0.8', '1.6', '3.2', '6.4', '12.8', '+Inf']);
    const expectedLe = (bound: number) => Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 2 === 0 && ((i % 7) * 300_000) / 1e6 <= bound).length;
    expect(auth.buckets[0].count).toBe(expectedLe(0.1));
    expect(auth.buckets[3].count).toBe(expectedLe(0.8));
    expect(auth.buckets[8].count).toBe(500);
    expect(auth.sum).toBeCloseTo(Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? ((i % 7) * 300_000) / 1e6 : 0)).reduce((a, b) => a + b), 6);
  });

  it('pairs the same edges when spans arrive shuffled across many batches', () => {
    const spans = generateWorkload(1000);
    let seed = 42;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = spans.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [spans[i], spans[j]] = [spans[j], spans[i]];
    }
    let pairer = new EdgePairer({ waitMs: 60_000, maxItems: 100_000 });
    const builder = new DependencyGraphBuilder();
    for (let b = 0; b < spans.length; b += 97) {
      builder.add(pairer.add(spans.slice(b, b + 97), b));
      // Round-trip the state between batches, as a processor would through a StateStore.
      pairer = EdgePairer.fromJSON(JSON.parse(JSON.stringify(pairer.toJSON())), { waitMs: 60_000, maxItems: 100_000 });
    }
    builder.add(pairer.expire(10_000_000));
    expect(summary(builder.build())).toEqual(EXPECTED_EDGES);
    expect(pairer.pending).toBe(0);
    expect(pairer.stats.unpaired).toBe(0);
  });

  it('expires unanswered halves: virtual peer when named, unpaired otherwise; evicts the oldest when full', () => {
    const pairer = new EdgePairer({ waitMs: 1000, maxItems: 2 });
    const named = span({ id: 'a1', parent: '99', service: 'web', kind: 'client', start: 0, end: 10, attributes: { 'server.address': 'api.example.com' } });
    const anonymous = span({ id: 'a2', parent: '99', service: 'web', kind: 'client', start: 0, end: 10 });
    const server = span({ id: 'a3', parent: 'ff', service: 'api', kind: 'server', start: 0, end: 10 });
    expect(pairer.add([named, anonymous], 0)).toEqual([]);
    expect(pairer.expire(999)).toEqual([]);
    const evicted = pairer.add([server], 500);
    expect(evicted.map((e) => e.server)).toEqual(['api.example.com']);
    expect(pairer.stats.evicted).toBe(1);
    expect(pairer.expire(1000)).toEqual([]);
    expect(pairer.stats.unpaired).toBe(1);
    expect(pairer.expire(1500)).toEqual([]);
    expect(pairer.stats.unpaired).toBe(2);
    expect(pairer.pending).toBe(0);
  });

  it('builds the checkout trace graph: direct, database (immediate) and queue edges with errors', () => {
    const g = buildServiceGraph(checkoutTrace());
    expect(summary(g)).toEqual([
      'api->orders [database] calls=1 errors=1',
      'api->worker [messaging_system] calls=1 errors=0',
      'frontend->api [] calls=1 errors=1',
      'user->frontend [virtual_node] calls=1 errors=1',
    ]);
  });

  it('renders DOT and Mermaid', () => {
    const g = new DependencyGraphBuilder()
      .add([
        edge({ client: 'web', server: 'api "v2"', failed: true }),
        edge({ client: 'api "v2"', server: 'orders', serverType: 'database', connectionType: 'database' }),
        edge({ client: 'api "v2"', server: 'audit', serverType: 'messaging', connectionType: 'messaging_system' }),
      ])
      .build();
    expect(toDot(g)).toBe(
      [
        'digraph "services" {',
        '  rankdir=LR;',
        '  node [fontname="Helvetica"];',
        '  "api \\"v2\\"" [shape=box];',
        '  "audit" [shape=cds];',
        '  "orders" [shape=cylinder];',
        '  "web" [shape=box];',
        '  "api \\"v2\\"" -> "audit" [label="1 calls"];',
        '  "api \\"v2\\"" -> "orders" [label="1 calls"];',
        '  "web" -> "api \\"v2\\"" [label="1 calls, 1 errors", color=red];',
        '}',
        '',
      ].join('\n'),
    );
    expect(toMermaid(g)).toBe(
      ['flowchart LR', '  n0["api #quot;v2#quot;"]', '  n1>"audit"]', '  n2[("orders")]', '  n3["web"]', '  n0 -->|"1 calls"| n1', '  n0 -->|"1 calls"| n2', '  n3 -->|"1 calls, 1 errors"| n0', ''].join('\n'),
    );
  });
});

function edge(e: Partial<CompletedEdge> & { client: string; server: string }): CompletedEdge {
  return { traceId: 't', clientType: 'service', serverType: 'service', connectionType: '', clientLatency: 0.01, serverLatency: 0.01, failed: false, ...e };
}
