/** Kahan-Neumaier compensated addition: returns the new sum and compensation. */
export function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (!Number.isFinite(t) && !Number.isNaN(t)) return [t, 0];
  if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
  else c += inc - t + sum;
  return [t, c];
}

/**
 * The mean of vs[lo..hi) with Kahan compensation, switching to an incremental mean when the
 * running sum overflows (as Prometheus computes avg and avg_over_time).
 */
export function kahanMean(vs: ArrayLike<number>, lo: number, hi: number): number {
  let sum = vs[lo], c = 0, mean = 0, incremental = false, count = 1;
  for (let i = lo + 1; i < hi; i++) {
    count = i - lo + 1;
    if (!incremental) {
      const [ns, nc] = kahanInc(vs[i], sum, c);
      if (Number.isFinite(ns) || Number.isNaN(ns)) {
        sum = ns;
        c = nc;
        continue;
      }
      // The running sum overflowed: switch to an incremental mean, which does not.
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    const q = (count - 1) / count;
    [mean, c] = kahanInc(vs[i] / count, q * mean, q * c);
  }
  return incremental ? mean + c : sum / count + c / count;
}

/** Sorts ascending with NaN first, as Prometheus' value heaps do. */
export function sortWithNaN(values: number[]): number[] {
  return values.sort((a, b) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : Number.isNaN(b) ? 1 : a - b));
}

/** The q-quantile of the values by linear interpolation between closest ranks (Prometheus' `quantile`). */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = sortWithNaN(values);
  const n = sorted.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower] * (1 - weight) + sorted[upper] * weight;
}

/** Formats a float as Go's strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent. */
export function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const s = String(f);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = m[2] + (m[3] ?? '');
  const exp = Number(m[4]);
  // Only |f| >= 1e21 prints with a positive exponent, and then every digit sits left of the point.
  if (exp >= 0) return m[1] + digits.padEnd(exp + 1, '0');
  return `${m[1]}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** Formats a float as OpenMetrics does for label values: integers keep a `.0` (`1.0`, `0.5`, `+Inf`). */
export function formatOpenMetricsFloat(f: number): string {
  const s = formatFloat(f);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}
