import type { FoldedProfile } from './cpu-profile';

/** A flame-graph node (d3-flame-graph's shape): value is total time in microseconds. */
export interface FlameNode {
  readonly name: string;
  value: number;
  readonly children: FlameNode[];
}

/** A function's self and total time across the profile, microseconds. */
export interface TopFunction {
  readonly name: string;
  readonly selfUs: number;
  readonly totalUs: number;
  /** selfUs / all sampled time. */
  readonly selfShare: number;
}

/** The flame graph of folded stacks: a `root` node whose children follow the stacks' frames, children by descending value. */
export function flameGraph(profile: FoldedProfile): FlameNode {
  const root: FlameNode = { name: 'root', value: 0, children: [] };
  for (const [stack, us] of Object.entries(profile.stacks)) {
    let node = root;
    node.value += us;
    for (const frame of stack.split(';')) {
      let child = node.children.find((c) => c.name === frame);
      if (!child) {
        child = { name: frame, value: 0, children: [] };
        node.children.push(child);
      }
      child.value += us;
      node = child;
    }
  }
  const order = (n: FlameNode): void => {
    n.children.sort((a, b) => b.value - a.value);
    n.children.forEach(order);
  };
  order(root);
  return root;
}

/** The `limit` functions with the most self time (a frame counted once per stack for its total). */
export function topFunctions(profile: FoldedProfile, limit = 20): TopFunction[] {
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  for (const [stack, us] of Object.entries(profile.stacks)) {
    const frames = stack.split(';');
    all += us;
    const leaf = frames[frames.length - 1];
    self.set(leaf, (self.get(leaf) ?? 0) + us);
    for (const f of new Set(frames)) total.set(f, (total.get(f) ?? 0) + us);
  }
  return [...total.keys()]
    .map((name) => ({ name, selfUs: self.get(name) ?? 0, totalUs: total.get(name) ?? 0, selfShare: all > 0 ? (self.get(name) ?? 0) / all : 0 }))
    .sort((a, b) => b.selfUs - a.selfUs || b.totalUs - a.totalUs)
    .slice(0, limit);
}
