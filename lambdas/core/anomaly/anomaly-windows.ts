// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { max } = Math;

/** An anomaly as the API reports it: a time span (ms) and its highest score. */
export interface AnomalyWindow {
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/** Settings of {@link anomalyWindows}. */
export interface AnomalyWindowOptions {
  /** Score at or above which a point is anomalous. @default 0.5 */
  readonly threshold?: number;
  /**
   * Points after a window's start during which further anomalous points extend that window
   * instead of opening a new one, so a burst raises one alert. @default 60
   */
  readonly cooldown?: number;
}

/**
 * Turns per-point scores into anomaly windows: a window starts at a point at or above the
 * threshold and takes in the anomalous points of the next `cooldown` points; the next
 * anomalous point after that opens a new window. The start is the moment of detection.
 */
export function anomalyWindows(points: readonly { readonly timestamp: number; readonly score: number }[], options: AnomalyWindowOptions = {}): AnomalyWindow[] {
  const threshold = options.threshold ?? 0.5;
  const cooldown = options.cooldown ?? 60;
  const out: AnomalyWindow[] = [];
  let open: { start: number; end: number; score: number; startIndex: number } | undefined;
  points.forEach((p, i) => {
    if (open && i - open.startIndex > cooldown) {
      out.push({ start: open.start, end: open.end, score: open.score });
      open = undefined;
    }
    if (!(p.score >= threshold)) return;
    if (open) {
      open.end = p.timestamp;
      open.score = max(open.score, p.score);
    } else {
      open = { start: p.timestamp, end: p.timestamp, score: p.score, startIndex: i };
    }
  });
  if (open) out.push({ start: open.start, end: open.end, score: open.score });
  return out;
}
