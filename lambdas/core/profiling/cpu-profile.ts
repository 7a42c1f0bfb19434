/** A V8 CPU profile as `Profiler.stop` answers it (the fields this module reads). */
export interface V8CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly hitCount?: number;
    readonly children?: readonly number[];
  }[];
  /** Unix-epoch-independent microseconds. */
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
}

/**
 * A compact aggregated profile: folded stacks (`root;caller;callee` frame names) with their
 * self time in microseconds, the form the state store keeps and merges.
 */
export interface FoldedProfile {
  /** Profiles merged in. */
  readonly profiles: number;
  /** Wall time covered, microseconds. */
  readonly durationUs: number;
  readonly stacks: Readonly<Record<string, number>>;
}

/** State-store kind of the aggregated CPU profiles: one item per function and UTC hour (`api/2026-11-22T10`). */
export const CPU_PROFILE_KIND = 'cpu-profile';

/** What one stored profile item holds. */
export interface StoredCpuProfile extends FoldedProfile {
  readonly functionName: string;
  /** Start of the hour, Unix ms. */
  readonly hour: number;
}

/** Stacks beyond this many distinct entries are folded into their first frames, so a stored profile stays small. */
const MAX_STACKS = 2000;
const MAX_DEPTH = 40;

/** A frame's name: the function (or `(anonymous)`) with the script's file name and line. */
function frameName(f: V8CpuProfile['nodes'][number]['callFrame']): string {
  const file = f.url ? f.url.slice(f.url.lastIndexOf('/') + 1) : '';
  const fn = f.functionName || '(anonymous)';
  return file ? `${fn} ${file}:${f.lineNumber + 1}` : fn;
}

/**
 * Folds a V8 profile into stacks with self time: each node's hit count times the mean sampling
 * interval, keyed by its path from the root (the `(root)` frame left out; `(idle)`,
 * `(program)` and `(garbage collector)` kept as their own stacks).
 */
export function foldCpuProfile(profile: V8CpuProfile): FoldedProfile {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = new Map<number, number>();
  if (profile.samples?.length) for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  else for (const n of profile.nodes) if (n.hitCount) hits.set(n.id, n.hitCount);
  const totalHits = [...hits.values()].reduce((a, b) => a + b, 0);
  const durationUs = Math.max(0, profile.endTime - profile.startTime);
  const perHit = totalHits > 0 ? durationUs / totalHits : 0;
  const stacks: Record<string, number> = {};
  for (const [id, count] of hits) {
    const frames: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur);
      if (!node || node.callFrame.functionName === '(root)') break;
      frames.push(frameName(node.callFrame));
    }
    const key = frames.reverse().slice(0, MAX_DEPTH).join(';');
    if (key) stacks[key] = (stacks[key] ?? 0) + count * perHit;
  }
  return { profiles: 1, durationUs, stacks: cap(stacks) };
}

/** Adds two folded profiles. */
export function mergeFolded(a: FoldedProfile | undefined, b: FoldedProfile): FoldedProfile {
  if (!a) return b;
  const stacks: Record<string, number> = { ...a.stacks };
  for (const [k, v] of Object.entries(b.stacks)) stacks[k] = (stacks[k] ?? 0) + v;
  return { profiles: a.profiles + b.profiles, durationUs: a.durationUs + b.durationUs, stacks: cap(stacks) };
}

/** Keeps the heaviest stacks; the rest are cut to their first few frames (merging into coarser stacks). */
function cap(stacks: Record<string, number>): Record<string, number> {
  const keys = Object.keys(stacks);
  if (keys.length <= MAX_STACKS) return stacks;
  const sorted = keys.sort((x, y) => stacks[y] - stacks[x]);
  const out: Record<string, number> = {};
  for (const k of sorted.slice(0, MAX_STACKS / 2)) out[k] = stacks[k];
  for (const k of sorted.slice(MAX_STACKS / 2)) {
    const short = `${k.split(';').slice(0, 3).join(';')};(other)`;
    out[short] = (out[short] ?? 0) + stacks[k];
  }
  return out;
}
