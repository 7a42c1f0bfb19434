import { DEFAULT_DRAIN_CONFIG, DrainConfig, WILDCARD } from './drain-config';
import { patternId } from './pattern-id';
import { PrefixTree } from './prefix-tree';
import { VariableMasker } from './variable-masker';

/** A mined pattern as callers see it. */
export interface LogPattern {
  /** Assigned when the pattern is created and kept while its template generalises. */
  readonly id: string;
  readonly template: string;
  readonly count: number;
  /** Unix milliseconds of the first and last line (0 when callers gave no time). */
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** The first line that created the pattern. */
  readonly sample: string;
}

/** What `add` did with one line. */
export interface PatternMatch {
  readonly patternId: string;
  readonly template: string;
  /** True when the line created a new pattern. */
  readonly isNew: boolean;
  /** True when the line generalised an existing template. */
  readonly changed: boolean;
}

/** Persisted form of a miner (plain JSON). */
export interface DrainState {
  readonly version: 1;
  readonly config: DrainConfig;
  readonly clusters: readonly {
    readonly id: string;
    readonly tokens: readonly string[];
    /** Positions that have only ever held masked values. */
    readonly slots: readonly boolean[];
    readonly path: readonly string[];
    readonly count: number;
    readonly firstSeen: number;
    readonly lastSeen: number;
    readonly sample: string;
  }[];
  /** Pattern ids from least to most recently matched (for the `maxPatterns` limit). */
  readonly recency?: readonly string[];
}

interface Cluster {
  readonly id: string;
  tokens: string[];
  readonly slots: boolean[];
  readonly path: readonly string[];
  count: number;
  firstSeen: number;
  lastSeen: number;
  readonly sample: string;
}

/**
 * Online log template miner after Drain (He et al., ICWS 2017): lines are masked, routed through a
 * fixed-depth prefix tree by token count and leading tokens, and joined to the most similar cluster
 * of the leaf when the share of equal tokens reaches the threshold; differing positions become `<*>`.
 */
export class DrainMiner {
  private readonly clusters = new Map<string, Cluster>();
  // Insertion order of this map is recency order: a touched id is deleted and set again.
  private readonly recency = new Map<string, true>();
  private readonly tree: PrefixTree;
  private readonly masker: VariableMasker;

  constructor(readonly config: DrainConfig = DEFAULT_DRAIN_CONFIG) {
    if (config.depth < 3) throw new RangeError('depth must be at least 3');
    this.tree = new PrefixTree(config.depth, config.maxChildren);
    this.masker = new VariableMasker(config.masks, config.extraDelimiters, config.collapseWildcards);
  }

  /** Mines one line (the message without its header); `timestamp` is Unix milliseconds. */
  add(message: string, timestamp = 0): PatternMatch {
    const tokens = this.masker.tokens(message);
    const found = this.bestMatch(tokens);
    if (found) {
      const changed = generalise(found, tokens);
      this.touch(found.id);
      found.count++;
      if (timestamp < found.firstSeen || found.firstSeen === 0) found.firstSeen = timestamp;
      if (timestamp > found.lastSeen) found.lastSeen = timestamp;
      return { patternId: found.id, template: found.tokens.join(' '), isNew: false, changed };
    }
    const template = tokens.join(' ');
    let salt = 0;
    let id = patternId(template);
    while (this.clusters.has(id)) id = patternId(template, ++salt);
    const path = this.tree.insert(id, tokens);
    const slots = tokens.map((t) => t === WILDCARD);
    this.clusters.set(id, { id, tokens: [...tokens], slots, path, count: 1, firstSeen: timestamp, lastSeen: timestamp, sample: message });
    this.touch(id);
    this.evict();
    return { patternId: id, template, isNew: true, changed: false };
  }

  /** The pattern a line would join, without changing any state; undefined when it would be new. */
  match(message: string): LogPattern | undefined {
    const c = this.bestMatch(this.masker.tokens(message));
    return c && view(c);
  }

  /** One pattern by id. */
  get(id: string): LogPattern | undefined {
    const c = this.clusters.get(id);
    return c && view(c);
  }

  /** Every pattern, in creation order. */
  patterns(): LogPattern[] {
    return [...this.clusters.values()].map(view);
  }

  /** Number of patterns. */
  get size(): number {
    return this.clusters.size;
  }

  /** Plain-JSON state, restorable with `fromJSON`. */
  toJSON(): DrainState {
    return {
      version: 1,
      config: this.config,
      clusters: [...this.clusters.values()].map((c) => ({
        id: c.id,
        tokens: [...c.tokens],
        slots: [...c.slots],
        path: [...c.path],
        count: c.count,
        firstSeen: c.firstSeen,
        lastSeen: c.lastSeen,
        sample: c.sample,
      })),
      recency: [...this.recency.keys()],
    };
  }

  /** A miner that continues exactly where the one that produced `state` stopped. */
  static fromJSON(state: DrainState): DrainMiner {
    if (state.version !== 1) throw new Error(`unsupported miner state version ${String(state.version)}`);
    const miner = new DrainMiner(state.config);
    for (const c of state.clusters) {
      miner.clusters.set(c.id, { ...c, tokens: [...c.tokens], slots: [...c.slots], path: [...c.path] });
      miner.tree.insertAt(c.id, c.tokens.length, c.path);
    }
    for (const id of state.recency ?? state.clusters.map((c) => c.id)) if (miner.clusters.has(id)) miner.recency.set(id, true);
    for (const c of state.clusters) if (!miner.recency.has(c.id)) miner.recency.set(c.id, true);
    return miner;
  }

  private touch(id: string): void {
    this.recency.delete(id);
    this.recency.set(id, true);
  }

  private evict(): void {
    const max = this.config.maxPatterns;
    while (max > 0 && this.clusters.size > max) {
      const oldest = this.recency.keys().next().value as string;
      const c = this.clusters.get(oldest) as Cluster;
      this.tree.remove(oldest, c.tokens.length, c.path);
      this.clusters.delete(oldest);
      this.recency.delete(oldest);
    }
  }

  private bestMatch(tokens: readonly string[]): Cluster | undefined {
    let best: Cluster | undefined;
    let bestSim = -1;
    let bestParams = -1;
    for (const id of this.tree.candidates(tokens)) {
      const c = this.clusters.get(id) as Cluster;
      const [sim, params] = similarity(c, tokens, this.config);
      if (sim > bestSim || (sim === bestSim && params > bestParams)) {
        best = c;
        bestSim = sim;
        bestParams = params;
      }
    }
    return best && bestSim >= this.config.similarityThreshold ? best : undefined;
  }
}

// A plain word: values mostly carry digits or symbols, so two different words mean two statements.
const WORD = /^[A-Za-z]+$/;

// Share of positions where the template equals the line, less the penalties for slot conflicts and
// for two different plain words at one position; a
// wildcard in the template matches a masked value in the line when `wildcardsMatch`, as in Drain
// it never matches a constant.
function similarity(c: Cluster, tokens: readonly string[], config: DrainConfig): [number, number] {
  const template = c.tokens;
  if (template.length === 0) return [1, 0];
  let same = 0;
  let params = 0;
  let conflicts = 0;
  let words = 0;
  for (let i = 0; i < template.length; i++) {
    const masked = tokens[i] === WILDCARD;
    if (template[i] === WILDCARD) {
      params++;
      if (masked) {
        if (config.wildcardsMatch) same++;
      } else if (c.slots[i]) conflicts++;
    } else if (template[i] === tokens[i]) same++;
    else if (masked) conflicts++;
    else if (WORD.test(template[i]) && WORD.test(tokens[i])) words++;
  }
  return [(same - conflicts * config.slotConflictPenalty - words * config.wordMismatchPenalty) / template.length, params];
}

function generalise(c: Cluster, tokens: readonly string[]): boolean {
  let changed = false;
  for (let i = 0; i < c.tokens.length; i++) {
    if (tokens[i] !== WILDCARD) c.slots[i] = false;
    if (c.tokens[i] !== tokens[i] && c.tokens[i] !== WILDCARD) {
      c.tokens[i] = WILDCARD;
      changed = true;
    }
  }
  return changed;
}

function view(c: Cluster): LogPattern {
  return { id: c.id, template: c.tokens.join(' '), count: c.count, firstSeen: c.firstSeen, lastSeen: c.lastSeen, sample: c.sample };
}
