import type { Sample } from '../domain/series';
import { anomalyWindows, type AnomalyWindow, type AnomalyWindowOptions } from './anomaly-windows';
import { StreamingDetector, type StreamingDetectorOptions } from './streaming-detector';

/** Settings of {@link anomalyScan}. */
export interface AnomalyScanOptions extends AnomalyWindowOptions {
  /** Only windows that reach this time (ms) or later are reported; earlier samples only warm the detector up. @default -Infinity */
  readonly from?: number;
  /** Detector settings (warm-up, windows ...). */
  readonly detector?: StreamingDetectorOptions;
}

/** What one scan found. */
export interface AnomalyScan {
  readonly windows: readonly AnomalyWindow[];
  /** Samples fed to the detector (history included). */
  readonly points: number;
  /** Samples within the reported range. */
  readonly pointsInRange: number;
  /** Season the detector settled on, in points (0 = none). */
  readonly period: number;
}

/**
 * Runs a fresh streaming detector over a series (history first, so the reported range is scored
 * warm) and groups the anomalous points into windows. The windows are exactly what
 * {@link anomalyWindows} makes of the detector's scores over the whole series, restricted to
 * those that end at or after `from`, so an API answer scores like the core detector does.
 */
export function anomalyScan(samples: readonly Sample[], options: AnomalyScanOptions = {}): AnomalyScan {
  const from = options.from ?? -Infinity;
  const detector = new StreamingDetector(options.detector);
  const scores = samples.map((s) => detector.update(s.timestamp, s.value));
  const windows = anomalyWindows(scores, options).filter((w) => w.end >= from);
  let pointsInRange = 0;
  for (const s of samples) if (s.timestamp >= from) pointsInRange++;
  return { windows, points: samples.length, pointsInRange, period: detector.seasonPeriod };
}
