import type { NodeType } from './completed-edge';
import { edgeLabel } from './to-mermaid';
import type { DependencyGraph } from './dependency-graph-builder';

const DOT_SHAPES: Readonly<Record<NodeType, string>> = { service: 'box', database: 'cylinder', messaging: 'cds', external: 'ellipse' };

/** Renders a dependency graph as Graphviz DOT (left to right; shapes by node type; edge labels with calls and errors). */
export function toDot(graph: DependencyGraph, name = 'services'): string {
  const lines = [`digraph ${dotId(name)} {`, '  rankdir=LR;', '  node [fontname="Helvetica"];'];
  for (const n of graph.nodes) {
    const style = n.type === 'external' ? ', style=dashed' : '';
    lines.push(`  ${dotId(n.id)} [shape=${DOT_SHAPES[n.type]}${style}];`);
  }
  for (const e of graph.edges) {
    const color = e.errors > 0 ? ', color=red' : '';
    lines.push(`  ${dotId(e.source)} -> ${dotId(e.target)} [label=${dotId(edgeLabel(e))}${color}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function dotId(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

