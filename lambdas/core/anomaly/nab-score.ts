// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { abs, exp, floor, max, min } = Math;

/**
 * NAB (Numenta Anomaly Benchmark) scoring, following the published method of NAB v1.1:
 * every labelled window rewards its earliest detection through a scaled sigmoid of the
 * detection's relative position in the window, every detection outside a window costs
 * `fpWeight` times a sigmoid of its distance past the previous window, every window
 * without a detection costs `fnWeight`, points in the probationary period are ignored,
 * and the corpus total is normalised so the null detector scores 0 and a perfect one 100.
 */

/** The cost matrix of one NAB application profile (config/profiles.json). */
export interface NabProfile {
  readonly tpWeight: number;
  readonly fpWeight: number;
  readonly fnWeight: number;
  readonly tnWeight: number;
}

/** NAB's three standard profiles, as in its config/profiles.json. */
export const NAB_PROFILES: Readonly<Record<'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate', NabProfile>> = {
  standard: { tpWeight: 1, fnWeight: 1, fpWeight: 0.11, tnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fnWeight: 1, fpWeight: 0.22, tnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fnWeight: 2, fpWeight: 0.11, tnWeight: 1 },
};

/** One data file to score: its timestamps (ms, ascending), which rows are detections, and its label windows. */
export interface NabFile {
  readonly timestamps: readonly number[];
  /** True where the detector reported an anomaly (a binary detection, i.e. score above the threshold). */
  readonly detections: readonly boolean[];
  /** Label windows, inclusive bounds in ms, ascending and disjoint. */
  readonly windows: readonly { readonly start: number; readonly end: number }[];
}

/** The outcome for one file. */
export interface NabFileScore {
  /** Raw (unnormalised) score: sum of the best TP per window, FN penalties and FP penalties. */
  readonly raw: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  /** Windows that count (have at least one row after the probationary period). */
  readonly windows: number;
}

/** The normalised corpus score and its parts. */
export interface NabCorpusScore {
  /** 100 * (raw - null) / (perfect - null). */
  readonly score: number;
  readonly raw: number;
  readonly nullRaw: number;
  readonly perfectRaw: number;
  readonly files: readonly NabFileScore[];
}

/** NAB's scaled sigmoid: about 0.987 at -1 (window start), 0 at the window end, towards -1 after it. */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition > 3) return -1;
  return 2 / (1 + exp(5 * relativePosition)) - 1;
}

/** NAB's probationary length: 15% of the file, capped at 15% of 5000 rows. */
export function probationaryLength(rows: number, probationPercent = 0.15): number {
  return min(floor(probationPercent * rows), probationPercent * 5000);
}

/** Scores one file with one profile, exactly as NAB's sweeper does at a fixed threshold. */
export function nabFileScore(file: NabFile, profile: NabProfile, probationPercent = 0.15): NabFileScore {
  const { timestamps, detections } = file;
  if (timestamps.length !== detections.length) throw new RangeError('timestamps and detections differ in length');
  const maxTp = scaledSigmoid(-1);
  const probation = probationaryLength(timestamps.length, probationPercent);
  const windows = file.windows.map((w) => ({ left: firstIndexAtOrAfter(timestamps, w.start), right: lastIndexAtOrBefore(timestamps, w.end) }));
  // Best weighted score per window; a window with no scorable row is ignored, as NAB does.
  const best = new Map<number, number>();
  windows.forEach((w, k) => {
    if (w.right >= w.left && w.right >= probation) best.set(k, -profile.fnWeight);
  });
  let fpSum = 0;
  let fp = 0;
  let w = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < timestamps.length; i++) {
    while (w < windows.length && windows[w].right < i) {
      prevRight = windows[w].right;
      prevWidth = windows[w].right - windows[w].left + 1;
      w++;
    }
    if (!detections[i] || i < probation) continue;
    const cur = w < windows.length && windows[w].left <= i ? windows[w] : undefined;
    if (cur) {
      const width = cur.right - cur.left + 1;
      const s = (scaledSigmoid(-(cur.right - i + 1) / width) * profile.tpWeight) / maxTp;
      best.set(w, max(best.get(w) ?? -profile.fnWeight, s));
    } else {
      // NAB divides by (width - 1); a one-row window would divide by zero, so treat it as far away.
      const unweighted = prevRight < 0 || prevWidth <= 1 ? -1 : scaledSigmoid(abs(prevRight - i) / (prevWidth - 1));
      fpSum += unweighted * profile.fpWeight;
      fp++;
    }
  }
  let raw = fpSum;
  let tp = 0;
  for (const v of best.values()) {
    raw += v;
    if (v !== -profile.fnWeight) tp++;
  }
  return { raw, truePositives: tp, falsePositives: fp, falseNegatives: best.size - tp, windows: best.size };
}

/** Scores a corpus: sums the files' raw scores and normalises against the null and the perfect detector. */
export function nabScore(files: readonly NabFile[], profile: NabProfile, probationPercent = 0.15): NabCorpusScore {
  const scores = files.map((f) => nabFileScore(f, profile, probationPercent));
  const raw = scores.reduce((s, f) => s + f.raw, 0);
  const windows = scores.reduce((s, f) => s + f.windows, 0);
  const nullRaw = -profile.fnWeight * windows;
  const perfectRaw = profile.tpWeight * windows;
  const score = perfectRaw === nullRaw ? 0 : (100 * (raw - nullRaw)) / (perfectRaw - nullRaw);
  return { score, raw, nullRaw, perfectRaw, files: scores };
}

function firstIndexAtOrAfter(ts: readonly number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lastIndexAtOrBefore(ts: readonly number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
