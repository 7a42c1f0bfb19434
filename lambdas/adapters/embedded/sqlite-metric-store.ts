import { createHash } from 'node:crypto';
import { seriesKey, type LabelMatcher, type Labels, type Sample, type Series } from '../../core/domain/series';
import type { MetricSelection, MetricStore, MetricWriteResult } from '../../core/ports/metric-store';
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
`;

const DEFAULT_SERIES_LIMIT = 100_000;

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
          const hash = createHash('sha256').update(seriesKey(labels)).digest('hex').slice(0, 32);
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
    // Raw rows: the driver builds no object per row, which matters at millions of samples.
    const samples = this.db.prepare('SELECT ts, value FROM metric_samples WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY ts').raw(true);
    return rows.map((r) => ({
      labels: JSON.parse(r.labels) as Labels,
      samples: (samples.all(r.id, selection.range.start, selection.range.end) as [number, unknown][]).map(
        (x): Sample => ({ timestamp: x[0], value: decodeValue(x[1]) }),
      ),
    }));
  }

  /**
   * The fast path of `select` ({@link ColumnSelect}): the same series and samples as columns.
   * Each column is plucked on its own, so the driver builds neither an object nor an array per
   * row, and every series shares one buffer.
   */
  async selectColumns(selection: MetricSelection): Promise<SampleArrays[]> {
    const rows = this.matchingSeries(selection);
    const where = 'FROM metric_samples WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY ts';
    // Times are read relative to the range start: small integers need no heap number each in V8.
    const times = this.stmt(`SELECT ts - ? ${where}`).pluck(true);
    const values = this.stmt(`SELECT value ${where}`).pluck(true);
    const { start, end } = selection.range;
    const base = Number.isSafeInteger(start) && Number.isSafeInteger(end) && end - start < 2 ** 30 ? start : 0;
    // One transaction: both columns come from the same snapshot even if another connection writes.
    const read = this.db.transaction(() =>
      rows.map((r) => ({ r, ts: times.all(base, r.id, start, end) as number[], vs: values.all(r.id, start, end) as unknown[] })),
    )();
    let total = 0;
    for (const x of read) total += x.ts.length;
    const buf = new Float64Array(2 * total);
    const bytes = new Uint8Array(buf.buffer);
    let offset = 0;
    return read.map(({ r, ts, vs }) => {
      const n = ts.length;
      const t = buf.subarray(offset, offset + n);
      const v = buf.subarray(offset + n, offset + 2 * n);
      for (let i = 0; i < n; i++) t[i] = ts[i] + base;
      for (let i = 0; i < n; i++) {
        const x = vs[i];
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
    const clauses = ['EXISTS (SELECT 1 FROM metric_samples x WHERE x.series_id = s.id AND x.ts BETWEEN ? AND ?)'];
    const params: unknown[] = [selection.range.start, selection.range.end];
    for (const m of selection.matchers) {
      const c = matcherClause(m);
      clauses.push(c.sql);
      params.push(...c.params);
    }
    return { where: clauses.join(' AND '), params };
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
