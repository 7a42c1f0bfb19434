import { PlatformError } from '../core/domain/errors';
import type { Labels } from '../core/domain/series';
import { rangeQuery } from '../core/promql/engine';
import { getPorts } from './composition/ports-provider';
import type { DataAnswer, DataSourceEvent, DescribeAnswer, ErrorAnswer, GetMetricDataEvent, MetricDataResult } from './datasource/datasource-events';
import { labelInvocation } from './middleware/observability';
import { wrapHandler } from './middleware/wrap-handler';

/** Series one query may answer (CloudWatch graphs stay readable, the Lambda stays fast). */
const MAX_SERIES = 100;

/** Points per series CloudWatch takes in one answer. */
const MAX_POINTS = 11_000;

const DESCRIBE: DescribeAnswer = {
  Description:
    '## Observability platform metrics\n' +
    'First argument: a PromQL expression such as `sum by (job) (rate(http_requests_total[5m]))`, evaluated at every period ' +
    'of the graph (as a Prometheus range query with step = period). Second argument (optional): a legend format such as ' +
    '`{{job}} {{code}}`; without it each series is labelled with its label set.',
  ArgumentDefaults: [{ Value: 'up' }, { Value: '' }],
};

/** The series label: the legend format with `{{name}}` replaced by label values, or the label set. */
export function legend(labels: Labels, format: string | undefined, expr: string): string {
  if (format) return format.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
  const { __name__: name = '', ...rest } = labels;
  const inner = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`)
    .join(', ');
  if (!name && !inner) return expr;
  return inner ? `${name}{${inner}}` : name;
}

async function getMetricData(event: GetMetricDataEvent): Promise<DataAnswer | ErrorAnswer> {
  const req = event.GetMetricDataRequest;
  if (!req || typeof req.StartTime !== 'number' || typeof req.EndTime !== 'number' || !(req.Period > 0) || req.StartTime > req.EndTime) {
    return validation('GetMetricDataRequest needs numeric StartTime <= EndTime and a positive Period');
  }
  const [expr, format] = req.Arguments ?? [];
  if (typeof expr !== 'string' || expr.trim() === '') return validation('the first argument must be a PromQL expression, e.g. sum(rate(http_requests_total[5m]))');
  if (format !== undefined && typeof format !== 'string') return validation('the second argument, when given, must be a legend format such as "{{job}}"');
  const stepMs = req.Period * 1000;
  // CloudWatch asks with StartTime on a period boundary already: the steps are StartTime + k * Period.
  const start = req.StartTime * 1000;
  const end = req.EndTime * 1000;
  if ((end - start) / stepMs > MAX_POINTS) return validation(`the range holds more than ${MAX_POINTS} periods; use a longer period`);
  let result;
  try {
    result = await rangeQuery(getPorts().metrics, expr, start, end, stepMs);
  } catch (error) {
    if (error instanceof PlatformError && error.status < 500) return validation(error.message);
    throw error;
  }
  if (result.resultType !== 'matrix' || result.result.length === 0) return { MetricDataResults: [empty(expr)] };
  const messages = [...result.warnings.map((w) => ({ Code: 'Warning', Value: w }))];
  if (result.result.length > MAX_SERIES) messages.push({ Code: 'Truncated', Value: `showing ${MAX_SERIES} of ${result.result.length} series` });
  return {
    MetricDataResults: result.result.slice(0, MAX_SERIES).map((s, i): MetricDataResult => {
      // CloudWatch values must be finite: NaN and infinities are left out of the graph.
      const points = s.points.filter((p) => Number.isFinite(p.value));
      return {
        StatusCode: result.result.length > MAX_SERIES ? 'PartialData' : 'Complete',
        Label: legend(s.metric, format as string | undefined, expr),
        Timestamps: points.map((p) => p.timestamp / 1000),
        Values: points.map((p) => p.value),
        Messages: i === 0 ? messages : [],
      };
    }),
  };
}

function empty(label: string): MetricDataResult {
  return { StatusCode: 'Complete', Label: label, Timestamps: [], Values: [], Messages: [] };
}

function validation(message: string): ErrorAnswer {
  return { Error: { Code: 'Validation', Value: message } };
}

/**
 * Lambda entry of `metrics-datasource`: a CloudWatch custom data source, so dashboards and
 * alarms can use `LAMBDA("<function>", "<promql>", "<legend>")`. The expression is evaluated
 * as a PromQL range query over the requested range with step = period.
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
