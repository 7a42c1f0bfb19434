import type { Dimension, _Record } from '@aws-sdk/client-timestream-write';
import type { Labels, Series } from '../../core/domain/series';
import { SERIES_ID_DIMENSION } from './timestream-rollup-sql';
import { MAX_DIMENSION_NAME_BYTES, timestreamSql, type QueryRow } from './timestream-sql';

/**
 * Record building and reading shared by the Timestream metric store's tables: label sets to
 * dimensions and back, the storability checks, and the request-size saving hoist.
 */
export const timestreamRecords = {
  /** The dimensions of a label set (every label but `__name__`, sorted), plus the series id when given. */
  dimensions(labels: Labels, seriesId?: string): Dimension[] {
    const dims: Dimension[] = Object.keys(labels)
      .filter((k) => k !== '__name__' && labels[k] !== '')
      .sort()
      .map((k) => ({ Name: timestreamSql.dimensionName(k), Value: labels[k], DimensionValueType: 'VARCHAR' }));
    if (seriesId !== undefined) dims.push({ Name: SERIES_ID_DIMENSION, Value: seriesId, DimensionValueType: 'VARCHAR' });
    return dims;
  },

  /** The label set of a result row: `measure_name` and every dimension column but the series id. */
  labelsOf(row: QueryRow, dims: ReadonlySet<string>): Labels {
    const labels: Record<string, string> = { __name__: row.measure_name ?? '' };
    for (const d of dims) {
      if (d === SERIES_ID_DIMENSION) continue;
      const v = row[d];
      if (v !== undefined && v !== '') labels[timestreamSql.labelName(d)] = v;
    }
    return labels;
  },

  /** Why a series cannot be stored in Timestream, or undefined when it can. */
  unstorable(s: Series, extraDimensions: number): string | undefined {
    if (!s.labels.__name__) return 'series has no metric name (__name__), which Timestream needs as MeasureName';
    const dims = timestreamRecords.dimensions(s.labels);
    if (dims.length === 0) return 'Timestream needs at least one dimension besides the metric name';
    if (dims.length + extraDimensions > 128) return `${dims.length + extraDimensions} dimensions; Timestream takes at most 128`;
    const colon = dims.find((d) => d.Name?.includes(':'));
    if (colon) return `label ${JSON.stringify(colon.Name)} contains ':', which Timestream dimension names cannot`;
    const long = dims.find((d) => Buffer.byteLength(d.Name ?? '') > MAX_DIMENSION_NAME_BYTES);
    if (long) return `label ${JSON.stringify(long.Name)} is longer than ${MAX_DIMENSION_NAME_BYTES} bytes as a Timestream dimension`;
    return undefined;
  },

  /** Moves what every record shares into CommonAttributes (smaller requests, same meaning). */
  hoist(records: readonly _Record[], version: number): { CommonAttributes: _Record; Records: _Record[] } {
    const common: _Record = { MeasureValueType: 'DOUBLE', TimeUnit: 'MILLISECONDS', Version: version };
    const first = records[0];
    const sameName = records.every((r) => r.MeasureName === first.MeasureName);
    // The samples of one series share one dimension array, so each distinct array is examined once.
    const distinct = [...new Set(records.map((r) => r.Dimensions ?? []))];
    const has = (dims: readonly Dimension[], d: Dimension) => dims.some((x) => x.Name === d.Name && x.Value === d.Value);
    const shared = (first.Dimensions ?? []).filter((d) => distinct.every((dims) => has(dims, d)));
    if (sameName) common.MeasureName = first.MeasureName;
    if (shared.length > 0) common.Dimensions = shared;
    const rest = new Map(distinct.map((dims) => [dims, dims.filter((d) => !has(shared, d))]));
    return {
      CommonAttributes: common,
      Records: records.map((r) => {
        const dims = rest.get(r.Dimensions ?? [])!;
        return {
          ...(dims.length > 0 && { Dimensions: dims }),
          ...(!sameName && { MeasureName: r.MeasureName }),
          MeasureValue: r.MeasureValue,
          Time: r.Time,
        };
      }),
    };
  },
};
