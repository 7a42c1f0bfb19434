import { WILDCARD } from './drain-config';

/** A node of the fixed-depth prefix tree; leaves hold the ids of the clusters placed there. */
interface TreeNode {
  readonly children: Map<string, TreeNode>;
  readonly clusterIds: string[];
}

const DIGIT = /\d/;

function newNode(): TreeNode {
  return { children: new Map(), clusterIds: [] };
}

/**
 * Drain's routing tree: the first layer is the token count, the next `depth - 2` layers are the
 * leading tokens (tokens with digits go to the wildcard branch), and leaves list candidate clusters.
 * A cluster stays in the leaf it was created in, so its `path` is recorded for persistence.
 */
export class PrefixTree {
  private readonly byLength = new Map<number, TreeNode>();

  constructor(
    private readonly depth: number,
    private readonly maxChildren: number,
  ) {}

  /** Ids of the clusters in the leaf a token sequence routes to (empty when none). */
  candidates(tokens: readonly string[]): readonly string[] {
    let node: TreeNode | undefined = this.byLength.get(tokens.length);
    if (!node) return [];
    const layers = this.tokenLayers(tokens.length);
    for (let i = 0; i < layers; i++) {
      const next: TreeNode | undefined = node.children.get(tokens[i]) ?? node.children.get(WILDCARD);
      if (!next) return [];
      node = next;
    }
    return node.clusterIds;
  }

  /** Places a new cluster by its template; returns the branch keys taken, for `insertAt`. */
  insert(clusterId: string, template: readonly string[]): string[] {
    let node = this.layerFor(template.length);
    const path: string[] = [];
    const layers = this.tokenLayers(template.length);
    for (let i = 0; i < layers; i++) {
      const key = this.branchKey(node, template[i]);
      let next: TreeNode | undefined = node.children.get(key);
      if (!next) {
        next = newNode();
        node.children.set(key, next);
      }
      path.push(key);
      node = next;
    }
    node.clusterIds.push(clusterId);
    return path;
  }

  /** Re-places a cluster along a recorded path (used when restoring state). */
  insertAt(clusterId: string, length: number, path: readonly string[]): void {
    let node = this.layerFor(length);
    for (const key of path) {
      let next: TreeNode | undefined = node.children.get(key);
      if (!next) {
        next = newNode();
        node.children.set(key, next);
      }
      node = next;
    }
    node.clusterIds.push(clusterId);
  }

  /** Takes a cluster out of the leaf at `path` (inner nodes stay, as in Drain). */
  remove(clusterId: string, length: number, path: readonly string[]): void {
    let node = this.byLength.get(length);
    for (const key of path) node = node?.children.get(key);
    const at = node ? node.clusterIds.indexOf(clusterId) : -1;
    if (node && at >= 0) node.clusterIds.splice(at, 1);
  }

  private layerFor(length: number): TreeNode {
    let node = this.byLength.get(length);
    if (!node) {
      node = newNode();
      this.byLength.set(length, node);
    }
    return node;
  }

  private tokenLayers(length: number): number {
    return Math.max(0, Math.min(this.depth - 2, length));
  }

  // Drain's rule: a token with digits, or one arriving when the node is full, shares the wildcard branch.
  private branchKey(node: TreeNode, token: string): string {
    if (node.children.has(token)) return token;
    if (DIGIT.test(token)) return WILDCARD;
    const size = node.children.size;
    if (node.children.has(WILDCARD)) return size < this.maxChildren ? token : WILDCARD;
    return size + 1 < this.maxChildren ? token : WILDCARD;
  }
}
