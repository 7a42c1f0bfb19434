import type { DependencyGraph, GraphEdge } from './dependency-graph-builder';

/** Renders a dependency graph as a Mermaid flowchart (node ids n0, n1, ... with the names as labels). */
export function toMermaid(graph: DependencyGraph): string {
  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  graph.nodes.forEach((n, i) => {
    const id = `n${i}`;
    ids.set(n.id, id);
    const label = mermaidText(n.id);
    const shape = n.type === 'database' ? `[("${label}")]` : n.type === 'messaging' ? `>"${label}"]` : n.type === 'external' ? `(["${label}"])` : `["${label}"]`;
    lines.push(`  ${id}${shape}`);
  });
  for (const e of graph.edges) {
    const s = ids.get(e.source);
    const t = ids.get(e.target);
    if (s === undefined || t === undefined) continue;
    lines.push(`  ${s} -->|"${mermaidText(edgeLabel(e))}"| ${t}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The label of an edge in the renderings: calls, and errors when there are any. */
export function edgeLabel(e: GraphEdge): string {
  return e.errors > 0 ? `${e.calls} calls, ${e.errors} errors` : `${e.calls} calls`;
}

// Mermaid strings cannot hold a raw double quote; its entity syntax (#quot;) stands in.
function mermaidText(s: string): string {
  return s.replace(/"/g, '#quot;').replace(/\n/g, ' ');
}
