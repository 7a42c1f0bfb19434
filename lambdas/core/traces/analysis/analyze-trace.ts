import type { Span, TraceSummary } from '../../domain/span';
import { criticalPath, type CriticalPath } from './critical-path';
import { errorOrigin, type ErrorOrigin } from './error-origin';
import { selfTimes } from './self-times';
import { buildSpanTree, type SpanTree } from './span-tree';
import { summarizeTrace } from './summarize-trace';

/** Everything the trace view needs about one trace. */
export interface TraceAnalysis {
  readonly summary: TraceSummary;
  readonly tree: SpanTree;
  /** Microseconds by span id. */
  readonly selfTimes: ReadonlyMap<string, number>;
  readonly criticalPath: CriticalPath;
  /** Undefined when no span has an error status. */
  readonly errorOrigin?: ErrorOrigin;
}

/** Analyses one trace's spans (at least one): tree, summary, self times, critical path, error origin. */
export function analyzeTrace(spans: readonly Span[]): TraceAnalysis {
  const summary = summarizeTrace(spans);
  const tree = buildSpanTree(spans, summary.traceId);
  const origin = errorOrigin(tree);
  return { summary, tree, selfTimes: selfTimes(tree), criticalPath: criticalPath(tree), ...(origin ? { errorOrigin: origin } : {}) };
}
