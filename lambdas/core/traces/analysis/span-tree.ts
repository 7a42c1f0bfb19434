import type { Span } from '../../domain/span';

/** One span in a {@link SpanTree}, with times adjusted for clock skew. */
export interface SpanNode {
  readonly span: Span;
  /** The parent node; undefined for roots and orphans. */
  readonly parent?: SpanNode;
  /** Children sorted by adjusted start (then span id, for a stable order). */
  readonly children: SpanNode[];
  /** 0 for a top-level node (root or orphan). */
  readonly depth: number;
  /** Adjusted start, Unix microseconds: `span.startTime + skew`. */
  readonly start: number;
  /** Adjusted end, Unix microseconds. */
  readonly end: number;
  /** Microseconds added to this span's times to correct clock skew (0 when none). */
  readonly skew: number;
  /** True when the span names a parent that is not in the trace. */
  readonly orphan: boolean;
}

/**
 * A synthetic marker standing in for a parent span that is missing from the trace (it may
 * arrive later, or was sampled out): the orphans that name it hang under it for display.
 */
export interface MissingParent {
  readonly spanId: string;
  readonly children: SpanNode[];
}

/** The span tree of one trace. */
export interface SpanTree {
  readonly traceId: string;
  /** Top-level nodes: true roots first, then orphans, each group by adjusted start. */
  readonly roots: SpanNode[];
  /** Parents absent from the trace, with the orphans that name each (by start); in first-orphan order. */
  readonly missing: MissingParent[];
  /** Every node by span id. */
  readonly byId: ReadonlyMap<string, SpanNode>;
  /** Nodes in depth-first pre-order (parents before children). */
  readonly nodes: readonly SpanNode[];
}

interface MutableNode {
  span: Span;
  parent?: MutableNode;
  children: MutableNode[];
  depth: number;
  start: number;
  end: number;
  skew: number;
  orphan: boolean;
}

/**
 * Builds the span tree of one trace (spans of other traces are ignored; with no trace id given,
 * the first span's is used). A duplicated span id keeps its first span. A span naming itself,
 * or caught in a parent cycle, is treated as an orphan so every span appears once.
 *
 * Clock skew: spans of different services are timed by different clocks. When a child of
 * another service does not fit inside its parent, the child and its whole subtree are shifted
 * (for display and for the analyses built on the tree, never in the spans themselves): a child
 * no longer than its parent is centred in it (equal network latency each way is the best
 * guess), a longer one is aligned to the parent's start. Within one service the clock is
 * shared, so a child that overhangs its parent there is real (e.g. async work) and is left as is.
 */
export function buildSpanTree(spans: readonly Span[], traceId?: string): SpanTree {
  const id = traceId ?? spans[0]?.traceId ?? '';
  const byId = new Map<string, MutableNode>();
  for (const span of spans) {
    if (span.traceId !== id || byId.has(span.spanId)) continue;
    byId.set(span.spanId, { span, children: [], depth: 0, start: span.startTime, end: span.startTime + span.duration, skew: 0, orphan: false });
  }
  const roots: MutableNode[] = [];
  const orphans: MutableNode[] = [];
  for (const node of byId.values()) {
    const pid = node.span.parentSpanId;
    const parent = pid !== undefined && pid !== node.span.spanId ? byId.get(pid) : undefined;
    if (pid === undefined) roots.push(node);
    else if (parent === undefined) {
      node.orphan = true;
      orphans.push(node);
    } else {
      node.parent = parent;
      parent.children.push(node);
    }
  }
  const reached = new Set<MutableNode>();
  const order: MutableNode[] = [];
  const top = [...sortByStart(roots), ...sortByStart(orphans)];
  for (const node of top) visit(node, reached, order);
  // Nodes never reached sit in a parent cycle: cut each cycle at its earliest-starting member.
  const cycled = sortByStart([...byId.values()].filter((n) => !reached.has(n)));
  for (const node of cycled) {
    if (reached.has(node)) continue;
    if (node.parent) node.parent.children.splice(node.parent.children.indexOf(node), 1);
    node.parent = undefined;
    node.orphan = true;
    orphans.push(node);
    top.push(node);
    visit(node, reached, order);
  }
  const missingMap = new Map<string, MutableNode[]>();
  for (const node of top) {
    const pid = node.span.parentSpanId ?? '';
    // Spans cut out of a cycle (or naming themselves) have a parent in the trace: not missing.
    if (!node.orphan || byId.has(pid)) continue;
    const list = missingMap.get(pid);
    if (list) list.push(node);
    else missingMap.set(pid, [node]);
  }
  const missing = [...missingMap].map(([spanId, children]) => ({ spanId, children: sortByStart(children) }));
  return { traceId: id, roots: top as SpanNode[], missing: missing as MissingParent[], byId: byId as ReadonlyMap<string, SpanNode>, nodes: order as SpanNode[] };
}

function visit(root: MutableNode, reached: Set<MutableNode>, order: MutableNode[]): void {
  root.depth = 0;
  root.skew = 0;
  root.start = root.span.startTime;
  root.end = root.start + root.span.duration;
  // An explicit stack, not recursion: a trace can be thousands of spans deep.
  const stack: MutableNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (reached.has(n)) continue;
    reached.add(n);
    order.push(n);
    for (const c of n.children) {
      c.depth = n.depth + 1;
      c.skew = n.skew;
      c.start = c.span.startTime + c.skew;
      c.end = c.start + c.span.duration;
      if (c.span.service !== n.span.service && c.span.kind !== 'consumer' && n.span.kind !== 'producer') {
        const s = skewFor(c, n);
        c.skew += s;
        c.start += s;
        c.end += s;
      }
    }
    n.children.sort(compareStart);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

function skewFor(child: MutableNode, parent: MutableNode): number {
  if (child.start >= parent.start && child.end <= parent.end) return 0;
  const pd = parent.end - parent.start;
  const cd = child.end - child.start;
  const target = cd <= pd ? parent.start + Math.floor((pd - cd) / 2) : parent.start;
  return target - child.start;
}

function compareStart(a: MutableNode, b: MutableNode): number {
  return a.start - b.start || (a.span.spanId < b.span.spanId ? -1 : a.span.spanId > b.span.spanId ? 1 : 0);
}

function sortByStart(nodes: MutableNode[]): MutableNode[] {
  return nodes.sort(compareStart);
}
