import type { ValueType } from './ast';

/** The argument and return types of one PromQL function. */
export interface FunctionSignature {
  readonly args: readonly ValueType[];
  /** How many trailing arguments may be left out (or, when `variadic` is -1, repeated without bound). */
  readonly optional: number;
  /** -1: the last argument repeats without bound. */
  readonly variadic?: number;
  readonly returns: ValueType;
}

const v = (args: ValueType[], returns: ValueType, optional = 0, variadic?: number): FunctionSignature => ({ args, returns, optional, variadic });
const MATH = ['abs', 'ceil', 'floor', 'exp', 'ln', 'log2', 'log10', 'sqrt', 'sgn', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan',
  'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'deg', 'rad', 'timestamp', 'sort', 'sort_desc'];
const NATIVE_ONLY = ['histogram_count', 'histogram_sum', 'histogram_avg', 'histogram_stddev', 'histogram_stdvar'];
const DATE = ['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year'];
const OVER_TIME = ['avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'stddev_over_time',
  'stdvar_over_time', 'last_over_time', 'first_over_time', 'present_over_time', 'absent_over_time', 'mad_over_time',
  'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'resets', 'changes',
  'ts_of_first_over_time', 'ts_of_last_over_time', 'ts_of_max_over_time', 'ts_of_min_over_time'];

/** Every function the engine knows, by name. */
export const FUNCTION_SIGNATURES: ReadonlyMap<string, FunctionSignature> = new Map<string, FunctionSignature>([
  ...MATH.map((n) => [n, v(['vector'], 'vector')] as const),
  ...NATIVE_ONLY.map((n) => [n, v(['vector'], 'vector')] as const),
  ...DATE.map((n) => [n, v(['vector'], 'vector', 1)] as const),
  ...OVER_TIME.map((n) => [n, v(['matrix'], 'vector')] as const),
  ['round', v(['vector', 'scalar'], 'vector', 1)],
  ['clamp', v(['vector', 'scalar', 'scalar'], 'vector')],
  ['clamp_min', v(['vector', 'scalar'], 'vector')],
  ['clamp_max', v(['vector', 'scalar'], 'vector')],
  ['quantile_over_time', v(['scalar', 'matrix'], 'vector')],
  ['predict_linear', v(['matrix', 'scalar'], 'vector')],
  ['double_exponential_smoothing', v(['matrix', 'scalar', 'scalar'], 'vector')],
  ['histogram_fraction', v(['scalar', 'scalar', 'vector'], 'vector')],
  ['histogram_quantiles', v(['vector', 'string', 'scalar'], 'vector', 0, -1)],
  ['histogram_quantile', v(['scalar', 'vector'], 'vector')],
  ['label_replace', v(['vector', 'string', 'string', 'string', 'string'], 'vector')],
  ['label_join', v(['vector', 'string', 'string', 'string'], 'vector', 1, -1)],
  ['sort_by_label', v(['vector', 'string'], 'vector', 1, -1)],
  ['sort_by_label_desc', v(['vector', 'string'], 'vector', 1, -1)],
  ['absent', v(['vector'], 'vector')],
  ['info', v(['vector', 'vector'], 'vector', 1)],
  ['scalar', v(['vector'], 'scalar')],
  ['vector', v(['scalar'], 'vector')],
  ['time', v([], 'scalar')],
  ['step', v([], 'scalar')],
  ['range', v([], 'scalar')],
  ['start', v([], 'scalar')],
  ['end', v([], 'scalar')],
  ['pi', v([], 'scalar')],
  ['min_of', v(['scalar', 'scalar'], 'scalar')],
  ['max_of', v(['scalar', 'scalar'], 'scalar')],
]);
