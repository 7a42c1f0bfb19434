/** A named regular expression whose matches are replaced by the wildcard before tree descent. */
export interface VariableMask {
  readonly name: string;
  /** Source of a regular expression; applied globally. */
  readonly pattern: string;
  /** Optional flags besides `g` (e.g. `i`). */
  readonly flags?: string;
}

/** Settings of the Drain-style miner; the defaults are what the product uses for every source. */
export interface DrainConfig {
  /** Depth of the prefix tree, counting the root and the token-count layer (Drain's `depth`). */
  readonly depth: number;
  /** Minimum share of equal tokens for a line to join a cluster (Drain's `st`). */
  readonly similarityThreshold: number;
  /** Children per inner node before new tokens are routed to the wildcard child. */
  readonly maxChildren: number;
  /** Masks applied in order before tokenising. */
  readonly masks: readonly VariableMask[];
  /** Extra characters, besides whitespace, that separate tokens. */
  readonly extraDelimiters: string;
  /** Whether a run of adjacent wildcards after masking counts as one (variable-length lists of values). */
  readonly collapseWildcards: boolean;
  /**
   * Whether a wildcard in the template counts as equal to a masked value in the line. Drain counts
   * template wildcards as unequal, which keeps heavily masked lines from joining anything.
   */
  readonly wildcardsMatch: boolean;
  /**
   * How many equal tokens a type conflict costs: a masked value where the template has a constant,
   * or a constant where the template has only ever held masked values (a variable slot). A word
   * where a value always was usually means another statement. 0 turns the rule off.
   */
  readonly slotConflictPenalty: number;
  /**
   * How many equal tokens it costs when the template's constant and the line's token are two
   * different plain words (letters only): variables mostly carry digits or symbols, while
   * different words usually mean different statements. 0 turns the rule off.
   */
  readonly wordMismatchPenalty: number;
  /** Most patterns kept; beyond it the least recently matched one is dropped. 0 means no limit. */
  readonly maxPatterns: number;
}

/** The wildcard that stands for a variable in a template. */
export const WILDCARD = '<*>';

/**
 * Generic variable masks. They are deliberately not tuned to one log source: they mask what is
 * a value in any log (addresses, numbers with units, identifiers ending in digits, hex, paths).
 */
export const DEFAULT_VARIABLE_MASKS: readonly VariableMask[] = [
  { name: 'uuid', pattern: '\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b' },
  { name: 'ipv4', pattern: '/?\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d+)?\\b' },
  { name: 'hex', pattern: '\\b0[xX][0-9a-fA-F]+\\b' },
  { name: 'dotted-name', pattern: '(?<![\\w.$-])(?:[\\w$-]+\\.){2,}[A-Za-z_$][\\w$-]*' },
  { name: 'size', pattern: '\\b\\d+(?:\\.\\d+)?\\s?(?:[KMGT]i?B|B|bytes)\\b' },
  { name: 'path', pattern: '(?<![\\w/])(?:/[\\w.$-]+){2,}/?' },
  { name: 'numbered-id', pattern: '\\b[A-Za-z]+(?:_[A-Za-z]*-?\\d+)+\\b' },
  { name: 'hex-word', pattern: '(?<![\\w.])(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}(?![\\w.])' },
  { name: 'key-number', pattern: '(?<=[A-Za-z][:=])[-+]?\\d+(?:\\.\\d+)?\\b' },
  { name: 'number', pattern: '(?<![\\w.:-])[-+]?\\d+(?:\\.\\d+)?(?![\\w.:-])' },
];

/** Defaults: one configuration for every log source (no per-source tuning). */
export const DEFAULT_DRAIN_CONFIG: DrainConfig = {
  depth: 4,
  similarityThreshold: 0.5,
  maxChildren: 100,
  masks: DEFAULT_VARIABLE_MASKS,
  extraDelimiters: '',
  collapseWildcards: true,
  wildcardsMatch: true,
  slotConflictPenalty: 2,
  wordMismatchPenalty: 1,
  maxPatterns: 10_000,
};
