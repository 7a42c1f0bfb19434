import { createHash } from 'node:crypto';
import { seriesKey, type LabelMatcher, type Labels, type Sample, type Series } from '../../core/domain/series';
import type { MetricSelection, MetricStore, MetricWriteResult } from '../../core/ports/metric-store';
import { mergeRollups, rollupSamples, ROLLUP_BUCKET_MS, bucketStartOf, type Rollup } from '../../core/metrics/rollups';
import type { ColumnSelect } from '../../core/promql/column-select';
import type { SampleArrays } from '../../core/promql/step-series';
import type { Statement } from 'better-sqlite3';
import type { Database } from './sqlite-database';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS metric_series (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  labels TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS metric_labels (
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  series_id INTEGER NOT NULL REFERENCES metric_series (id),
  PRIMARY KEY (name, value, series_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS metric_labels_series ON metric_labels (series_id, name);
CREATE TABLE IF NOT EXISTS metric_samples (
  series_id INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  value,
  PRIMARY KEY (series_id, ts)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS metric_rollups (
  series_id INTEGER NOT NULL,
  bucket_start INTEGER NOT NULL,
  min, max, sum,
  count INTEGER NOT NULL,
  last,
  last_ts INTEGER NOT NULL,
  PRIMARY KEY (series_id, bucket_start)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS metric_rollup_state (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
`;

/** Retention periods for {@link SqliteMetricStore.compact}, in milliseconds. */
export interface MetricRetention {
  readonly rawRetentionMs: number;
  readonly rollupRetentionMs: number;
}

/** What one compaction did. */
export interface CompactionResult {
  /** Raw samples older than the horizon were rolled up and deleted; this is that horizon. */
  readonly horizon: number;
  readonly samplesCompacted: number;
  readonly rollupsWritten: number;
  readonly rollupsDropped: number;
}

const DEFAULT_SERIES_LIMIT = 100_000;
const NO_POINTS: { ts: number[]; vs: number[] } = { ts: [], vs: [] };

/**
 * The local metric store. Series are keyed by a hash of their sorted label set; a label index
 * (name, value, series) lets every matcher run in SQL (regexes through a registered
 * `obs_regex_match` function, anchored as PromQL anchors them). Samples are upserted on
 * (series, timestamp), last value wins. SQLite turns NaN into NULL, so non-finite values are
 * stored as the 8 bytes of the IEEE double instead, which also keeps the StaleNaN payload.
 */
export class SqliteMetricStore implements MetricStore, ColumnSelect {
  private readonly statements = new Map<string, Statement<unknown[]>>();
  // Series ids by canonical label JSON: a warm writer skips hashing and two lookups per series.
  private readonly ids = new Map<string, number>();

  constructor(private readonly db: Database) {
    db.exec(SCHEMA);
    const cache = new Map<string, RegExp>();
    db.function('obs_regex_match', { deterministic: true }, (pattern: unknown, value: unknown) => {
      const p = String(pattern);
      let re = cache.get(p);
      if (!re) {
        if (cache.size > 500) cache.clear();
        re = new RegExp(`^(?:${p})$`, 's');
        cache.set(p, re);
      }
      return re.test(String(value)) ? 1 : 0;
    });
  }

  async write(series: readonly Series[]): Promise<MetricWriteResult> {
    let accepted = 0;
    const rejected: { labels: Labels; reason: string }[] = [];
    const insertSeries = this.stmt('INSERT INTO metric_series (hash, labels) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING');
    const seriesId = this.stmt('SELECT id FROM metric_series WHERE hash = ?');
    const insertLabel = this.stmt('INSERT OR IGNORE INTO metric_labels (name, value, series_id) VALUES (?, ?, ?)');
    const upsertSample = this.stmt(
      'INSERT INTO metric_samples (series_id, ts, value) VALUES (?, ?, ?) ON CONFLICT (series_id, ts) DO UPDATE SET value = excluded.value',
    );
    const learned = new Map<string, number>();
    this.db.transaction(() => {
      for (const s of series) {
        const labels = withoutEmpty(s.labels);
        const reason = invalidSeries(labels, s.samples);
        if (reason) {
          rejected.push({ labels: s.labels, reason });
          continue;
        }
        const canonical = JSON.stringify(Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]])));
        let id = this.ids.get(canonical);
        if (id === undefined) {
          const hash = seriesHash(labels);
          if (insertSeries.run(hash, canonical).changes > 0) {
            const fresh = (seriesId.get(hash) as { id: number }).id;
            for (const [name, value] of Object.entries(labels)) insertLabel.run(name, value, fresh);
          }
          id = (seriesId.get(hash) as { id: number }).id;
          learned.set(canonical, id);
        }
        for (const sample of s.samples) upsertSample.run(id, sample.timestamp, encodeValue(sample.value));
        accepted += s.samples.length;
      }
    })();
    // Only ids of a committed transaction are remembered.
    if (this.ids.size + learned.size > 200_000) this.ids.clear();
    for (const [canonical, id] of learned) this.ids.set(canonical, id);
    return { accepted, rejected };
  }

  async select(selection: MetricSelection): Promise<Series[]> {
    const rows = this.matchingSeries(selection);
    const { start, end } = selection.range;
    const horizon = this.horizon();
    const rawStart = Math.max(start, horizon);
    // Raw rows: the driver builds no object per row, which matters at millions of samples.
    const samples = this.db.prepare('SELECT ts, value FROM metric_samples WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY ts').raw(true);
    return rows.map((r) => {
      const raw = (samples.all(r.id, rawStart, end) as [number, unknown][]).map(
        (x): Sample => ({ timestamp: x[0], value: decodeValue(x[1]) }),
      );
      if (start >= horizon) return { labels: JSON.parse(r.labels) as Labels, samples: raw };
      const old = this.rollupPoints(r.id, start, end, horizon, raw[0]?.timestamp);
      const merged: Sample[] = old.ts.map((t, i) => ({ timestamp: t, value: old.vs[i] }));
      return { labels: JSON.parse(r.labels) as Labels, samples: merged.concat(raw) };
    });
  }

  /**
   * Rolls raw samples older than the raw retention into 5-minute rollups and deletes them, and
   * drops rollups past their own retention. The horizon is bucket-aligned, so only whole buckets
   * are compacted; late samples behind an earlier horizon are merged into their bucket on the
   * next run, which makes reruns safe. Reads answer the range before the horizon from rollups.
   */
  async compact(now: number, retention: MetricRetention): Promise<CompactionResult> {
    const horizon = Math.max(this.horizon(), bucketStartOf(now - retention.rawRetentionMs));
    const rollupFloor = now - retention.rollupRetentionMs;
    const series = this.stmt('SELECT DISTINCT series_id FROM metric_samples WHERE ts < ?').pluck(true);
    const old = this.stmt('SELECT ts, value FROM metric_samples WHERE series_id = ? AND ts < ? ORDER BY ts').raw(true);
    const existing = this.stmt('SELECT min, max, sum, count, last, last_ts FROM metric_rollups WHERE series_id = ? AND bucket_start = ?').raw(true);
    const upsert = this.stmt(
      'INSERT OR REPLACE INTO metric_rollups (series_id, bucket_start, min, max, sum, count, last, last_ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const dropRaw = this.stmt('DELETE FROM metric_samples WHERE ts < ?');
    const dropRollups = this.stmt('DELETE FROM metric_rollups WHERE bucket_start + ? <= ?');
    const saveHorizon = this.stmt(
      "INSERT INTO metric_rollup_state (key, value) VALUES ('horizon', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    return this.db.transaction((): CompactionResult => {
      let samplesCompacted = 0;
      let rollupsWritten = 0;
      for (const id of series.all(horizon) as number[]) {
        const samples = (old.all(id, horizon) as [number, unknown][]).map((x): Sample => ({ timestamp: x[0], value: decodeValue(x[1]) }));
        samplesCompacted += samples.length;
        for (const fresh of rollupSamples(samples)) {
          const prior = existing.get(id, fresh.bucketStart) as [unknown, unknown, unknown, number, unknown, number] | undefined;
          const r: Rollup = prior
            ? mergeRollups(
                {
                  bucketStart: fresh.bucketStart,
                  min: decodeValue(prior[0]),
                  max: decodeValue(prior[1]),
                  sum: decodeValue(prior[2]),
                  count: prior[3],
                  last: decodeValue(prior[4]),
                  lastTimestamp: prior[5],
                },
                fresh,
              )
            : fresh;
          upsert.run(id, r.bucketStart, encodeValue(r.min), encodeValue(r.max), encodeValue(r.sum), r.count, encodeValue(r.last), r.lastTimestamp);
          rollupsWritten++;
        }
      }
      dropRaw.run(horizon);
      const rollupsDropped = dropRollups.run(ROLLUP_BUCKET_MS, rollupFloor).changes;
      saveHorizon.run(horizon);
      return { horizon, samplesCompacted, rollupsWritten, rollupsDropped };
    })();
  }

  /** The stored rollups of one series (all five aggregates), for inspection and tests. */
  async rollups(labels: Labels): Promise<Rollup[]> {
    const rows = this.stmt(
      'SELECT r.bucket_start, r.min, r.max, r.sum, r.count, r.last, r.last_ts FROM metric_rollups r JOIN metric_series s ON s.id = r.series_id WHERE s.hash = ? ORDER BY r.bucket_start',
    ).raw(true);
    return (rows.all(seriesHash(withoutEmpty(labels))) as [number, unknown, unknown, unknown, number, unknown, number][]).map((x) => ({
      bucketStart: x[0],
      min: decodeValue(x[1]),
      max: decodeValue(x[2]),
      sum: decodeValue(x[3]),
      count: x[4],
      last: decodeValue(x[5]),
      lastTimestamp: x[6],
    }));
  }

  /**
   * The fast path of `select` ({@link ColumnSelect}): the same series and samples as columns.
   * Each column is plucked on its own, so the driver builds neither an object nor an array per
   * row, and every series shares one buffer.
   */
  async selectColumns(selection: MetricSelection): Promise<SampleArrays[]> {
    const rows = this.matchingSeries(selection);
    const horizon = this.horizon();
    const where = 'FROM metric_samples WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY ts';
    // Times are read relative to the range start: small integers need no heap number each in V8.
    const times = this.stmt(`SELECT ts - ? ${where}`).pluck(true);
    const values = this.stmt(`SELECT value ${where}`).pluck(true);
    const { start: rangeStart, end } = selection.range;
    // Before the compaction horizon only rollups exist; raw columns are read from the horizon on.
    const start = Math.max(rangeStart, horizon);
    const base = Number.isSafeInteger(start) && Number.isSafeInteger(end) && end - start < 2 ** 30 ? start : 0;
    // One transaction: both columns come from the same snapshot even if another connection writes.
    const read = this.db.transaction(() =>
      rows.map((r) => {
        const ts = times.all(base, r.id, start, end) as number[];
        const old = rangeStart < horizon ? this.rollupPoints(r.id, rangeStart, end, horizon, ts.length > 0 ? ts[0] + base : undefined) : NO_POINTS;
        return { r, ts, vs: values.all(r.id, start, end) as unknown[], old };
      }),
    )();
    let total = 0;
    for (const x of read) total += x.ts.length + x.old.ts.length;
    const buf = new Float64Array(2 * total);
    const bytes = new Uint8Array(buf.buffer);
    let offset = 0;
    return read.map(({ r, ts, vs, old }) => {
      const m = old.ts.length;
      const n = ts.length + m;
      const t = buf.subarray(offset, offset + n);
      const v = buf.subarray(offset + n, offset + 2 * n);
      // Rollup points come first: they all lie before the horizon, raw samples at or after it.
      for (let i = 0; i < m; i++) t[i] = old.ts[i];
      for (let i = 0; i < m; i++) v[i] = old.vs[i];
      for (let i = m; i < n; i++) t[i] = ts[i - m] + base;
      for (let i = m; i < n; i++) {
        const x = vs[i - m];
        if (typeof x === 'number') v[i] = x;
        // Non-finite values are stored as big-endian IEEE bytes: copied as bytes, NaN payloads (stale markers) intact.
        else if (Buffer.isBuffer(x) && x.length === 8) for (let k = 0; k < 8; k++) bytes[(offset + n + i) * 8 + k] = x[7 - k];
        else v[i] = decodeValue(x);
      }
      offset += 2 * n;
      return { labels: JSON.parse(r.labels) as Labels, ts: t, vs: v };
    });
  }

  async findSeries(selection: MetricSelection): Promise<Labels[]> {
    return this.matchingSeries(selection).map((r) => JSON.parse(r.labels) as Labels);
  }

  async labelNames(selection: MetricSelection): Promise<string[]> {
    const { where, params } = this.seriesFilter(selection);
    const rows = this.stmt(
      `SELECT DISTINCT l.name FROM metric_labels l WHERE l.series_id IN (SELECT s.id FROM metric_series s WHERE ${where}) ORDER BY l.name`,
    ).all(...params) as { name: string }[];
    return rows.map((r) => r.name);
  }

  async labelValues(name: string, selection: MetricSelection): Promise<string[]> {
    const { where, params } = this.seriesFilter(selection);
    const rows = this.stmt(
      `SELECT DISTINCT l.value FROM metric_labels l WHERE l.name = ? AND l.series_id IN (SELECT s.id FROM metric_series s WHERE ${where}) ORDER BY l.value`,
    ).all(name, ...params) as { value: string }[];
    return rows.map((r) => r.value);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  private matchingSeries(selection: MetricSelection): { id: number; labels: string }[] {
    const { where, params } = this.seriesFilter(selection);
    const limit = selection.limit ?? DEFAULT_SERIES_LIMIT;
    return this.stmt(`SELECT s.id, s.labels FROM metric_series s WHERE ${where} ORDER BY s.labels LIMIT ?`).all(...params, limit) as {
      id: number;
      labels: string;
    }[];
  }

  /** WHERE clause over `metric_series s`: every matcher holds and the series has a sample in the range. */
  private seriesFilter(selection: MetricSelection): { where: string; params: unknown[] } {
    const { start, end } = selection.range;
    const horizon = this.horizon();
    const inRaw = 'EXISTS (SELECT 1 FROM metric_samples x WHERE x.series_id = s.id AND x.ts BETWEEN ? AND ?)';
    const inRollups = 'EXISTS (SELECT 1 FROM metric_rollups y WHERE y.series_id = s.id AND y.bucket_start BETWEEN ? AND ?)';
    // A rollup's point is stamped at its bucket's end, so its bucket starts one width earlier.
    const clauses = [start < horizon ? `(${inRaw} OR ${inRollups})` : inRaw];
    const params: unknown[] = [start, end];
    if (start < horizon) params.push(start - ROLLUP_BUCKET_MS, Math.min(end, horizon) - ROLLUP_BUCKET_MS);
    const m = this.matcherFilter(selection.matchers);
    return { where: [...clauses, m.where].join(' AND '), params: [...params, ...m.params] };
  }

  private matcherFilter(matchers: readonly LabelMatcher[]): { where: string; params: unknown[] } {
    const clauses = ['1'];
    const params: unknown[] = [];
    for (const m of matchers) {
      const c = matcherClause(m);
      clauses.push(c.sql);
      params.push(...c.params);
    }
    return { where: clauses.join(' AND '), params };
  }

  /** The compaction horizon: before it, only rollups hold data (-Infinity before any compaction). */
  private horizon(): number {
    const v = this.stmt("SELECT value FROM metric_rollup_state WHERE key = 'horizon'").pluck(true).get() as number | undefined;
    return v ?? -Infinity;
  }

  /**
   * A series' rollups inside the range as points (each bucket's `last` stamped at its end), up to
   * the horizon; a point on the horizon yields to a raw sample at the same time.
   */
  private rollupPoints(id: number, start: number, end: number, horizon: number, firstRaw: number | undefined): { ts: number[]; vs: number[] } {
    const to = Math.min(end, horizon);
    const rows = this.stmt(
      'SELECT bucket_start + ?, last FROM metric_rollups WHERE series_id = ? AND bucket_start BETWEEN ? AND ? ORDER BY bucket_start',
    ).raw(true);
    const ts: number[] = [];
    const vs: number[] = [];
    for (const [t, v] of rows.all(ROLLUP_BUCKET_MS, id, start - ROLLUP_BUCKET_MS, to - ROLLUP_BUCKET_MS) as [number, unknown][]) {
      if (t === firstRaw) continue;
      ts.push(t);
      vs.push(decodeValue(v));
    }
    return { ts, vs };
  }

  private stmt(sql: string): Statement<unknown[]> {
    let s = this.statements.get(sql);
    if (!s) {
      if (this.statements.size > 200) this.statements.clear();
      s = this.db.prepare<unknown[]>(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

/**
 * One matcher as SQL over the label index. Absent labels count as '' (PromQL), and only
 * non-empty values are indexed, so a matcher that accepts '' becomes "no indexed value
 * fails it" and one that refuses '' becomes "an indexed value passes it".
 */
function matcherClause(m: LabelMatcher): { sql: string; params: unknown[] } {
  const has = (cond: string) => `s.id IN (SELECT series_id FROM metric_labels WHERE name = ? AND ${cond})`;
  const hasNo = (cond: string) => `s.id NOT IN (SELECT series_id FROM metric_labels WHERE name = ? AND ${cond})`;
  switch (m.op) {
    case '=':
      return m.value === '' ? { sql: hasNo('1'), params: [m.name] } : { sql: has('value = ?'), params: [m.name, m.value] };
    case '!=':
      return m.value === '' ? { sql: has('1'), params: [m.name] } : { sql: hasNo('value = ?'), params: [m.name, m.value] };
    case '=~':
      return regexMatches(m.value, '')
        ? { sql: hasNo('NOT obs_regex_match(?, value)'), params: [m.name, m.value] }
        : { sql: has('obs_regex_match(?, value)'), params: [m.name, m.value] };
    case '!~':
      return regexMatches(m.value, '')
        ? { sql: has('NOT obs_regex_match(?, value)'), params: [m.name, m.value] }
        : { sql: hasNo('obs_regex_match(?, value)'), params: [m.name, m.value] };
  }
}

function regexMatches(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`, 's').test(value);
}

function seriesHash(labels: Labels): string {
  return createHash('sha256').update(seriesKey(labels)).digest('hex').slice(0, 32);
}

function withoutEmpty(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== ''));
}

function invalidSeries(labels: Labels, samples: readonly Sample[]): string | undefined {
  const names = Object.keys(labels);
  if (names.length === 0) return 'series has no labels';
  // Any non-empty UTF-8 name is kept: Prometheus 3 allows them (quoted in PromQL), and OTLP sends dotted names.
  if (names.includes('')) return 'empty label name';
  const badTs = samples.find((s) => !Number.isSafeInteger(s.timestamp));
  if (badTs) return `invalid sample timestamp ${badTs.timestamp}`;
  return undefined;
}

function encodeValue(v: number): number | Buffer {
  if (Number.isFinite(v)) return v;
  const buf = Buffer.alloc(8);
  buf.writeDoubleBE(v);
  return buf;
}

function decodeValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (Buffer.isBuffer(v) && v.length === 8) return v.readDoubleBE(0);
  if (typeof v === 'bigint') return Number(v);
  return Number.NaN;
}
