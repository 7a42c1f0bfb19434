import type { SpanNode, SpanTree } from './span-tree';

/** Where a trace's error started and how it travelled up. */
export interface ErrorOrigin {
  /** The span where the error originated. */
  readonly origin: SpanNode;
  /** From the origin up to its top-level node (origin first); error spans mark the propagation. */
  readonly chain: SpanNode[];
  /** How many spans of the chain have an error status (the origin included). */
  readonly propagated: number;
  /** Every error span not explained by an error child, deepest first (the first is `origin`). */
  readonly candidates: SpanNode[];
}

/**
 * Finds where a trace's error originated: among error spans whose error is not explained by
 * an error child (no child has an error status), the deepest one; ties go to the one that
 * ended first (the earliest failure usually causes the later ones), then to span id.
 * Undefined when no span has an error status.
 */
export function errorOrigin(tree: SpanTree): ErrorOrigin | undefined {
  const candidates = tree.nodes.filter((n) => n.span.status === 'error' && !n.children.some((c) => c.span.status === 'error'));
  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => b.depth - a.depth || a.end - b.end || (a.span.spanId < b.span.spanId ? -1 : 1));
  const origin = candidates[0];
  const chain: SpanNode[] = [];
  for (let n: SpanNode | undefined = origin; n; n = n.parent) chain.push(n);
  return { origin, chain, propagated: chain.filter((n) => n.span.status === 'error').length, candidates };
}
