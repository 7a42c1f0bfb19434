import type { SpanNode, SpanTree } from './span-tree';

/** One stretch of the critical path: the span that was doing the work from `start` to `end`. */
export interface CriticalSegment {
  readonly spanId: string;
  /** Adjusted Unix microseconds. */
  readonly start: number;
  readonly end: number;
}

/** A span on the critical path and how much of the path it accounts for. */
export interface CriticalSpan {
  readonly spanId: string;
  readonly service: string;
  readonly name: string;
  /** Microseconds of the path spent in this span itself (not in its children on the path). */
  readonly time: number;
}

/** The critical path of a trace: what determined its end-to-end latency. */
export interface CriticalPath {
  /** Segments in time order; they tile the root's interval exactly. */
  readonly segments: CriticalSegment[];
  /** Spans on the path, in first-appearance order (root first), with their time on it. */
  readonly spans: CriticalSpan[];
  /** Microseconds: the root's duration. */
  readonly total: number;
}

/**
 * The critical path from `root` (default: the trace's first top-level node). Walking back
 * from the root's end, the child that ended last (no later than the point reached) is on the
 * path: the parent owns the gap after it, the walk descends into that child, then resumes
 * from the child's start among the parent's children that ended before it; what is left
 * before the first such child is the parent's own. Children are clipped to their parent
 * (an overhanging async child only counts while the parent waits), and only the parts on
 * the path are counted. Uses skew-adjusted times.
 */
export function criticalPath(tree: SpanTree, root: SpanNode | undefined = tree.roots[0]): CriticalPath {
  if (!root) return { segments: [], spans: [], total: 0 };
  const reversed: CriticalSegment[] = [];
  walk(root, root.end, reversed);
  const segments = reversed.reverse();
  const time = new Map<string, number>();
  const order: string[] = [];
  for (const s of segments) {
    if (!time.has(s.spanId)) order.push(s.spanId);
    time.set(s.spanId, (time.get(s.spanId) ?? 0) + s.end - s.start);
  }
  const preorder = new Map(tree.nodes.map((n, i) => [n.span.spanId, i] as const));
  order.sort((a, b) => (preorder.get(a) ?? 0) - (preorder.get(b) ?? 0));
  const spans = order.map((id) => {
    const span = tree.byId.get(id)!.span;
    return { spanId: id, service: span.service, name: span.name, time: time.get(id)! };
  });
  return { segments, spans, total: root.end - root.start };
}

interface Frame {
  readonly node: SpanNode;
  /** Children sorted by clipped end, latest first. */
  readonly children: Array<{ node: SpanNode; start: number; end: number }>;
  next: number;
  cursor: number;
}

function frame(node: SpanNode, windowStart: number, windowEnd: number): Frame {
  const lo = Math.max(node.start, windowStart);
  const hi = Math.min(node.end, windowEnd);
  const children = node.children
    .map((c) => ({ node: c, start: Math.max(c.start, lo), end: Math.min(c.end, hi) }))
    .filter((c) => c.end > c.start)
    .sort((a, b) => b.end - a.end || a.start - b.start);
  return { node, children, next: 0, cursor: hi };
}

// Appends segments latest-first to `out` (the caller reverses them); an explicit stack of frames,
// not recursion, so a trace thousands of spans deep cannot overflow the call stack.
function walk(root: SpanNode, end: number, out: CriticalSegment[]): void {
  const lowBound = new Map<Frame, number>();
  const rootFrame = frame(root, root.start, end);
  lowBound.set(rootFrame, root.start);
  const stack: Frame[] = [rootFrame];
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    const lo = lowBound.get(f)!;
    let child: Frame['children'][number] | undefined;
    while (f.next < f.children.length) {
      const c = f.children[f.next++];
      if (c.end <= f.cursor && c.end > lo) {
        child = c;
        break;
      }
    }
    if (!child) {
      push(out, f.node, lo, f.cursor);
      stack.pop();
      continue;
    }
    push(out, f.node, child.end, f.cursor);
    const start = Math.max(child.start, lo);
    f.cursor = start;
    const cf = frame(child.node, start, child.end);
    lowBound.set(cf, start);
    stack.push(cf);
  }
}

function push(out: CriticalSegment[], node: SpanNode, start: number, end: number): void {
  if (end > start) out.push({ spanId: node.span.spanId, start, end });
}
