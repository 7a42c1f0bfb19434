import { seriesKey, type Labels, type Sample, type Series } from '../../core/domain/series';
import { ROLLUP_BUCKET_MS } from '../../core/metrics/rollups';
import type { MetricSelection } from '../../core/ports/metric-store';
import { timestreamRecords } from './timestream-records';
import { dayStartOf, SERIES_ID_DIMENSION } from './timestream-rollup-sql';
import { timestreamSql, type QueryRow } from './timestream-sql';

/** Where the rollups live and how long the raw table keeps samples. */
export interface TimestreamRollupTables {
  /** Table of one record per series per UTC day: its labels as dimensions plus the series id. */
  readonly seriesTable: string;
  /** Table the rollup scheduled query writes (see timestream-rollup-sql.ts). */
  readonly rollupTable: string;
  /** Magnetic retention of the raw table, in milliseconds: older samples are gone, their rollups remain. */
  readonly rawRetentionMs: number;
}

/** What the reader needs from the store: its database, paginated queries and DESCRIBE'd dimension columns. */
export interface TimestreamReadAccess {
  readonly database: string;
  query(sql: string): Promise<QueryRow[]>;
  dimensionColumns(table: string): Promise<Set<string>>;
}

const HOUR_MS = 3_600_000;
/** Series ids per `IN (...)` list: keeps each query string far below Timestream's size limit. */
const IDS_PER_QUERY = 200;

/**
 * Reads ranges older than the raw retention from the series and rollup tables. Each rollup
 * becomes one sample: the bucket's `last` value stamped at the bucket's end, as the local store
 * answers after compaction (core/metrics/rollups.ts), so PromQL over old ranges sees the same
 * 5-minute resolution on both runtimes.
 */
export class TimestreamRollupReader {
  constructor(
    private readonly access: TimestreamReadAccess,
    private readonly tables: TimestreamRollupTables,
  ) {}

  /**
   * The first time answered from the raw table: an hour past the raw retention, so a raw
   * partition Timestream is still deleting is never read, and hour-aligned like the rollups.
   */
  horizon(now: number): number {
    return Math.floor((now - this.tables.rawRetentionMs) / HOUR_MS) * HOUR_MS + HOUR_MS;
  }

  /** Series with their rollup samples, for a selection wholly before the horizon. */
  async select(selection: MetricSelection): Promise<Series[]> {
    // Until the scheduled query first writes, the rollup table has no columns to name.
    if (!(await this.access.dimensionColumns(this.tables.rollupTable)).has(SERIES_ID_DIMENSION)) return [];
    const byId = await this.catalogue(selection);
    const samples = new Map<string, Sample[]>();
    const ids = [...byId.keys()];
    const { start, end } = selection.range;
    // A rollup at bucket start b is the sample at b + 5m, which must fall in [start, end].
    const when = timestreamSql.timeRange({ start: start - ROLLUP_BUCKET_MS, end: end - ROLLUP_BUCKET_MS });
    const id = timestreamSql.identifier(SERIES_ID_DIMENSION);
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
      const list = ids.slice(i, i + IDS_PER_QUERY).map(timestreamSql.literal).join(', ');
      const rows = await this.access.query(`SELECT ${id}, time, last_value FROM ${this.from(this.tables.rollupTable)} WHERE ${when} AND ${id} IN (${list})`);
      for (const row of rows) {
        const key = row[SERIES_ID_DIMENSION] ?? '';
        let list = samples.get(key);
        if (!list) samples.set(key, (list = []));
        list.push({ timestamp: timestreamSql.parseTime(row.time ?? '') + ROLLUP_BUCKET_MS, value: Number(row.last_value) });
      }
    }
    const out: Series[] = [];
    for (const [key, labels] of byId) {
      const list = samples.get(key);
      if (list && list.length > 0) out.push({ labels, samples: list.sort((a, b) => a.timestamp - b.timestamp) });
    }
    return out;
  }

  /** Label sets of the catalogued series matching the selection (day granularity). */
  async findSeries(selection: MetricSelection): Promise<Labels[]> {
    return [...(await this.catalogue(selection)).values()];
  }

  /** Values of one label on catalogued series matching the selection. */
  async labelValues(name: string, selection: MetricSelection): Promise<string[]> {
    const values = new Set<string>();
    for (const labels of await this.findSeries(selection)) if (labels[name] !== undefined) values.add(labels[name]);
    return [...values];
  }

  /** Series id to labels, from the series table's days overlapping the range. */
  private async catalogue(selection: MetricSelection): Promise<Map<string, Labels>> {
    const table = this.tables.seriesTable;
    const dims = await this.access.dimensionColumns(table);
    if (!dims.has(SERIES_ID_DIMENSION)) return new Map();
    const columns = [...dims].map(timestreamSql.identifier).concat(['measure_name']);
    const range = { start: dayStartOf(selection.range.start), end: selection.range.end };
    const where = [timestreamSql.timeRange(range), ...selection.matchers.map((m) => timestreamSql.matcher(m, dims))].join(' AND ');
    const rows = await this.access.query(`SELECT DISTINCT ${columns.join(', ')} FROM ${this.from(table)} WHERE ${where}`);
    const out = new Map<string, Labels>();
    for (const row of rows) {
      const key = row[SERIES_ID_DIMENSION];
      if (key) out.set(key, timestreamRecords.labelsOf(row, dims));
    }
    return new Map([...out].sort(([, a], [, b]) => (seriesKey(a) < seriesKey(b) ? -1 : 1)));
  }

  private from(table: string): string {
    return timestreamSql.table(this.access.database, table);
  }
}
