import type { SpanNode, SpanTree } from './span-tree';

/**
 * Self time of every span, microseconds, by span id: its duration minus the union of its
 * children's intervals clipped to the span (so overlapping children are not counted twice
 * and a child overhanging its parent only counts for the overlap). Uses skew-adjusted times.
 */
export function selfTimes(tree: SpanTree): Map<string, number> {
  const out = new Map<string, number>();
  for (const node of tree.nodes) out.set(node.span.spanId, selfTime(node));
  return out;
}

/** Self time of one node, microseconds (see {@link selfTimes}). */
export function selfTime(node: SpanNode): number {
  let covered = 0;
  let runStart = -Infinity;
  let runEnd = -Infinity;
  // Children are sorted by start, so one sweep merges their clipped intervals.
  for (const c of node.children) {
    const s = Math.max(c.start, node.start);
    const e = Math.min(c.end, node.end);
    if (e <= s) continue;
    if (s > runEnd) {
      if (runEnd > runStart) covered += runEnd - runStart;
      runStart = s;
      runEnd = e;
    } else if (e > runEnd) {
      runEnd = e;
    }
  }
  if (runEnd > runStart) covered += runEnd - runStart;
  return node.end - node.start - covered;
}
