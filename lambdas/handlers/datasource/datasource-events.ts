/** CloudWatch custom data source events and answers (CloudWatch multi data source connector contract). */

/** Asks the function to describe its arguments. */
export interface DescribeGetMetricDataEvent {
  readonly EventType: 'DescribeGetMetricData';
}

/** Asks for data: times and period in seconds, Arguments as written in `LAMBDA("fn", ...)`. */
export interface GetMetricDataEvent {
  readonly EventType: 'GetMetricData';
  readonly GetMetricDataRequest: {
    readonly StartTime: number;
    readonly EndTime: number;
    readonly Period: number;
    readonly Arguments: readonly unknown[];
  };
}

/** Either event. */
export type DataSourceEvent = DescribeGetMetricDataEvent | GetMetricDataEvent;

/** One series of the answer: Timestamps in Unix seconds, one value each. */
export interface MetricDataResult {
  readonly StatusCode: 'Complete' | 'PartialData' | 'InternalError' | 'Forbidden';
  readonly Label: string;
  readonly Timestamps: number[];
  readonly Values: number[];
  readonly Messages: { readonly Code: string; readonly Value: string }[];
}

/** The describe answer. */
export interface DescribeAnswer {
  readonly Description: string;
  readonly ArgumentDefaults: readonly { readonly Value: string | number | boolean }[];
}

/** The data answer. */
export interface DataAnswer {
  readonly MetricDataResults: MetricDataResult[];
}

/** The documented error answer: `Validation` for bad arguments, `Internal` otherwise. */
export interface ErrorAnswer {
  readonly Error: { readonly Code: 'Validation' | 'Internal'; readonly Value: string };
}
