import type { Labels, Sample } from '../../../../../lambdas/core/domain/series';
import { seriesKey } from '../../../../../lambdas/core/domain/series';
import type { InstantSample, OutputSample, QueryFunction } from '../../../../../lambdas/core/alerting/evaluation/query-function';

/**
 * The alert-generator compliance suite's sample notation: "3" is a value, "0x12" repeats
 * the last value plus 0 twelve times, one sample per `intervalMs` from time 0.
 */
export function sampleSlice(intervalMs: number, ...values: string[]): Sample[] {
  const out: Sample[] = [];
  let t = 0;
  let v = 0;
  for (const spec of values) {
    const parts = spec.split('x');
    if (parts.length === 2) {
      for (let i = 0; i < Number(parts[1]); i++) {
        v += Number(parts[0]);
        out.push({ timestamp: t, value: v });
        t += intervalMs;
      }
    } else {
      v = Number(spec);
      out.push({ timestamp: t, value: v });
      t += intervalMs;
    }
  }
  return out;
}

/** A tiny in-memory series store with PromQL's instant-vector lookback (5 minutes). */
export class FakeSeriesStore {
  private readonly series = new Map<string, { labels: Labels; samples: Sample[] }>();

  add(labels: Labels, samples: readonly Sample[]): void {
    const key = seriesKey(labels);
    const s = this.series.get(key) ?? { labels, samples: [] };
    s.samples.push(...samples);
    s.samples.sort((a, b) => a.timestamp - b.timestamp);
    this.series.set(key, s);
  }

  /** Stores rule output (ALERTS...) so later rules in the same cycle can query it. */
  write = (samples: readonly OutputSample[]): void => {
    for (const s of samples) this.add(s.labels, [{ timestamp: s.timestamp, value: s.value }]);
  };

  /** The latest sample at or before `time` within 5 minutes, per series matching `eq` (all equality matchers). */
  select(eq: Labels, time: number): InstantSample[] {
    const out: InstantSample[] = [];
    for (const s of this.series.values()) {
      if (!Object.entries(eq).every(([k, v]) => (s.labels[k] ?? '') === v)) continue;
      let last: Sample | undefined;
      for (const p of s.samples) {
        if (p.timestamp > time) break;
        last = p;
      }
      if (last && time - last.timestamp <= 300_000) out.push({ labels: s.labels, value: last.value });
    }
    return out;
  }
}

/** Parses `{a="b", c="d"}` or `name{...}` into equality matchers. */
export function parseSelector(text: string): Labels {
  const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*\{(.*)\}\s*$/.exec(text);
  if (!m) throw new Error(`fake query cannot parse selector ${text}`);
  const out: Record<string, string> = {};
  if (m[1]) out.__name__ = m[1];
  for (const part of m[2].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"([^"]*)"/g)) out[part[1]] = part[2];
  return out;
}

/**
 * A query function for expressions of the form `<selector> > N` (what the compliance rules use),
 * plus any named special cases; anything else throws, so a test notices an unexpected query.
 */
export function fakeQuery(store: FakeSeriesStore, special: Record<string, (time: number) => InstantSample[]> = {}): QueryFunction {
  return async (expr, time) => {
    if (special[expr]) return special[expr](time);
    const m = /^(.*\})\s*(>|<)\s*([0-9.]+)\s*$/.exec(expr);
    if (!m) throw new Error(`fake query does not understand ${expr}`);
    const threshold = Number(m[3]);
    return store.select(parseSelector(m[1]), time).filter((s) => (m[2] === '>' ? s.value > threshold : s.value < threshold));
  };
}
