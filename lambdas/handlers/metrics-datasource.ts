import { parseMetricSelector } from '../api/params/metric-selector';
import { PlatformError } from '../core/domain/errors';
import { seriesKey } from '../core/domain/series';
import { getPorts } from './composition/ports-provider';
import type { DataAnswer, DataSourceEvent, DescribeAnswer, ErrorAnswer, GetMetricDataEvent } from './datasource/datasource-events';
import { periodBuckets } from './datasource/period-buckets';
import { labelInvocation } from './middleware/observability';
import { wrapHandler } from './middleware/wrap-handler';

/** Series one query may answer (CloudWatch graphs stay readable, the Lambda stays fast). */
const MAX_SERIES = 100;

const DESCRIBE: DescribeAnswer = {
  Description:
    '## Observability platform metrics\nArgument: a metric selector such as `http_requests_total{job="api"}`. ' +
    'Full PromQL arrives with the query capability. Values are averaged per period.',
  ArgumentDefaults: [{ Value: 'up' }],
};

async function getMetricData(event: GetMetricDataEvent): Promise<DataAnswer | ErrorAnswer> {
  const req = event.GetMetricDataRequest;
  if (!req || typeof req.StartTime !== 'number' || typeof req.EndTime !== 'number' || !(req.Period > 0) || req.StartTime > req.EndTime) {
    return validation('GetMetricDataRequest needs numeric StartTime <= EndTime and a positive Period');
  }
  const selector = req.Arguments?.[0];
  if (typeof selector !== 'string' || selector.trim() === '') return validation('the first argument must be a metric selector, e.g. up{job="api"}');
  let matchers;
  try {
    matchers = parseMetricSelector(selector);
  } catch (error) {
    return validation(error instanceof PlatformError ? error.message : String(error));
  }
  const series = await getPorts().metrics.select({ matchers, range: { start: req.StartTime * 1000, end: req.EndTime * 1000 }, limit: MAX_SERIES });
  if (series.length === 0) {
    return { MetricDataResults: [{ StatusCode: 'Complete', Label: selector, Timestamps: [], Values: [], Messages: [] }] };
  }
  return {
    MetricDataResults: series.map((s) => {
      const { timestamps, values } = periodBuckets(s.samples, req.StartTime, req.Period);
      return { StatusCode: 'Complete', Label: label(s.labels), Timestamps: timestamps, Values: values, Messages: [] };
    }),
  };
}

function label(labels: Readonly<Record<string, string>>): string {
  const { __name__: name = '', ...rest } = labels;
  const inner = seriesKey(rest).replace(/,/g, ', ');
  return inner ? `${name}{${inner}}` : name;
}

function validation(message: string): ErrorAnswer {
  return { Error: { Code: 'Validation', Value: message } };
}

/**
 * Lambda entry of `metrics-datasource`: a CloudWatch custom data source, so dashboards and
 * alarms can use `LAMBDA("<function>", "<selector>")`. Until PromQL lands, the argument is a
 * plain selector read through MetricStore.select.
 */
export const handler = wrapHandler(
  async (event: DataSourceEvent): Promise<DescribeAnswer | DataAnswer | ErrorAnswer> => {
    labelInvocation(event, { route: event?.EventType ?? 'unknown' });
    try {
      if (event?.EventType === 'DescribeGetMetricData') return DESCRIBE;
      if (event?.EventType === 'GetMetricData') return await getMetricData(event);
      return validation(`unknown EventType ${JSON.stringify((event as { EventType?: unknown })?.EventType)}`);
    } catch (error) {
      return { Error: { Code: 'Internal', Value: error instanceof Error ? error.message : String(error) } };
    }
  },
  { functionName: 'metrics-datasource', defaultRoute: 'event' },
);
