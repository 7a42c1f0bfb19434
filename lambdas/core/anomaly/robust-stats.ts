// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { abs, floor, max, min } = Math;

/** Small robust statistics used by the anomaly detector and the forecasters. */

/** Median of a list (NaN when empty); does not modify its input. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile (q in [0,1]) of a list, NaN when empty; does not modify its input. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return quantileSorted(sorted, q);
}

/** Quantile of an already ascending array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = min(n - 1, max(0, q * (n - 1)));
  const lo = floor(pos);
  const hi = min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median absolute deviation around the median, scaled by 1.4826 so it estimates sigma for normal data. */
export function mad(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const m = median(values);
  return 1.4826 * median(values.map((v) => abs(v - m)));
}

/** Arithmetic mean, NaN when empty. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * Linear-interpolated quantile found by selection (Hoare's quickselect) in expected linear
 * time; reorders `work` in place, so pass a scratch copy.
 */
export function quantileInPlace(work: Float64Array, q: number): number {
  const n = work.length;
  if (n === 0) return NaN;
  const pos = min(n - 1, max(0, q * (n - 1)));
  const k = floor(pos);
  const lo = select(work, k);
  if (k + 1 >= n || pos === k) return lo;
  let next = Infinity;
  for (let i = k + 1; i < n; i++) if (work[i] < next) next = work[i];
  return lo + (next - lo) * (pos - k);
}

// Leaves the k-th smallest at index k, smaller-or-equal values before it and larger-or-equal after.
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const pivot = a[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k];
}
