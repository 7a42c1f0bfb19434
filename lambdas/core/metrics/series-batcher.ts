import { seriesKey, type Series } from '../domain/series';
import { encodeSeriesBody, type SeriesBodyItem } from './series-body';

/** One stream record's worth of series: every series in it hashes to the same partition. */
export interface SeriesBatch {
  readonly partitionKey: string;
  readonly body: SeriesBodyItem[];
  /** Estimated UTF-8 size of the body as JSON. */
  readonly bytes: number;
  readonly samples: number;
}

/** How {@link batchSeries} cuts. */
export interface SeriesBatchOptions {
  /** Largest body, in bytes of JSON. @default 900000 (a Kinesis record holds 1 MiB with the envelope and key) */
  readonly maxBytes?: number;
  /** How many partitions series are spread over; a series always lands in the same one. @default 16 */
  readonly partitions?: number;
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * Groups series into stream records partitioned by series: a series always goes to the same
 * partition (so its samples stay in order on one shard), and each record stays under
 * `maxBytes`. A series with more samples than fit in one record is split into consecutive
 * chunks of the same partition; a series whose labels alone exceed the limit throws (ingest
 * validation bounds label sizes long before that).
 */
export function batchSeries(series: readonly Series[], options: SeriesBatchOptions = {}): SeriesBatch[] {
  const maxBytes = options.maxBytes ?? 900_000;
  const partitions = Math.max(1, options.partitions ?? 16);
  const open = new Map<number, { body: SeriesBodyItem[]; bytes: number; samples: number }>();
  const done: SeriesBatch[] = [];
  const flush = (p: number) => {
    const b = open.get(p);
    if (b && b.body.length > 0) done.push({ partitionKey: `series-${p}`, body: b.body, bytes: b.bytes, samples: b.samples });
    open.delete(p);
  };
  for (const [item] of series.map((s) => encodeSeriesBody([s]))) {
    const p = fnv1a(seriesKey(item.labels)) % partitions;
    for (const chunk of chunks(item, maxBytes)) {
      let b = open.get(p);
      if (b && b.bytes + chunk.bytes + 1 > maxBytes) {
        flush(p);
        b = undefined;
      }
      if (!b) {
        b = { body: [], bytes: 2, samples: 0 };
        open.set(p, b);
      }
      b.body.push(chunk.item);
      b.bytes += chunk.bytes + 1;
      b.samples += chunk.item.t.length;
    }
  }
  for (const p of [...open.keys()]) flush(p);
  return done;
}

function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return ASCII.test(text) ? text.length : new TextEncoder().encode(text).length;
}

// Strings JSON writes as they are: no quote, backslash, control or non-ASCII character.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** The JSON size of a label set, without building the JSON when every string is plain ASCII. */
function labelsBytes(labels: SeriesBodyItem['labels']): number {
  let n = 2;
  let first = true;
  for (const k in labels) {
    const v = labels[k];
    if (!PLAIN.test(k) || !PLAIN.test(v)) return jsonBytes(labels);
    n += k.length + v.length + (first ? 5 : 6);
    first = false;
  }
  return n;
}

/** The JSON size of a body item: labels plus `t` and `v` arrays (numbers print as JSON prints them). */
function itemBytes(item: SeriesBodyItem): number {
  let n = labelsBytes(item.labels) + 25;
  for (let i = 0; i < item.t.length; i++) {
    const v = item.v[i];
    n += String(item.t[i]).length + (typeof v === 'number' ? String(v).length : v.length + 2) + 2;
  }
  return n;
}

function chunks(item: SeriesBodyItem, maxBytes: number): { item: SeriesBodyItem; bytes: number }[] {
  const whole = itemBytes(item);
  if (whole + 2 <= maxBytes) return [{ item, bytes: whole }];
  const head = labelsBytes(item.labels) + 25;
  if (head + 64 > maxBytes) throw new RangeError(`a series' labels take ${head} bytes; a stream record holds ${maxBytes}`);
  const out: { item: SeriesBodyItem; bytes: number }[] = [];
  let t: number[] = [];
  let v: SeriesBodyItem['v'][number][] = [];
  let bytes = head;
  for (let i = 0; i < item.t.length; i++) {
    const cost = String(item.t[i]).length + JSON.stringify(item.v[i]).length + 2;
    if (bytes + cost + 2 > maxBytes && t.length > 0) {
      out.push({ item: { labels: item.labels, t, v }, bytes });
      t = [];
      v = [];
      bytes = head;
    }
    t.push(item.t[i]);
    v.push(item.v[i]);
    bytes += cost;
  }
  if (t.length > 0) out.push({ item: { labels: item.labels, t, v }, bytes });
  return out;
}

/** 32-bit FNV-1a of a string's UTF-16 code units: cheap, stable across runtimes. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
