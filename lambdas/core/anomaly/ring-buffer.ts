// Module-level aliases: a global lookup per call is slow in sandboxed contexts such as jest's vm.
const { min } = Math;

/** A fixed-capacity ring of numbers: the bounded state of the streaming detector. */
export class RingBuffer {
  private readonly data: number[];
  private head = 0;
  private size = 0;

  /** An empty ring holding at most `capacity` values; `values` pre-fills it (oldest first). */
  constructor(readonly capacity: number, values: readonly number[] = []) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError('capacity must be a positive integer');
    this.data = new Array<number>(capacity).fill(0);
    for (const v of values) this.push(v);
  }

  /** Number of values held. */
  get length(): number {
    return this.size;
  }

  /** Appends a value, dropping the oldest when full. */
  push(value: number): void {
    this.data[(this.head + this.size) % this.capacity] = value;
    if (this.size < this.capacity) this.size++;
    else this.head = (this.head + 1) % this.capacity;
  }

  /** The value `back` steps before the newest (0 = newest); undefined when not held. */
  fromEnd(back: number): number | undefined {
    if (back < 0 || back >= this.size) return undefined;
    return this.data[(this.head + this.size - 1 - back) % this.capacity];
  }

  /** The newest `count` values (all when absent), oldest first. */
  last(count = this.size): number[] {
    const n = min(count, this.size);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.data[(this.head + this.size - n + i) % this.capacity];
    return out;
  }

  /** Copies the newest `count` values (all when absent; oldest first) into `scratch` (replaced when too small) and returns the filled view. */
  copyTo(scratch: Float64Array, count = this.size): Float64Array {
    const n = min(count, this.size);
    const out = scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
    const from = this.head + this.size - n;
    for (let i = 0; i < n; i++) out[i] = this.data[(from + i) % this.capacity];
    return out;
  }

  /** Largest value held (-Infinity when empty). */
  max(): number {
    let m = -Infinity;
    for (let i = 0; i < this.size; i++) if (this.data[i] > m) m = this.data[i];
    return m;
  }
}
