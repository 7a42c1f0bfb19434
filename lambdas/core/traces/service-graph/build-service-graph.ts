import type { Span } from '../../domain/span';
import { DependencyGraphBuilder, type DependencyGraph } from './dependency-graph-builder';
import { EdgePairer } from './edge-pairer';

/** Options of {@link buildServiceGraph}. */
export interface BuildServiceGraphOptions {
  /** Latency bucket bounds, seconds. @default SERVICE_GRAPH_BUCKETS */
  readonly buckets?: readonly number[];
  /** Virtual client in front of root server spans; '' for none. @default 'user' */
  readonly userNode?: string;
}

/**
 * The dependency graph of a set of complete traces (e.g. a search result): every span is
 * paired within the set, and what is left unpaired is settled at once (virtual servers for
 * client spans that name their peer). For spans arriving in batches use {@link EdgePairer}
 * with a {@link DependencyGraphBuilder}.
 */
export function buildServiceGraph(spans: readonly Span[], options: BuildServiceGraphOptions = {}): DependencyGraph {
  // Room for every span, so nothing is settled early.
  const pairer = new EdgePairer({ maxItems: Math.max(1, spans.length), userNode: options.userNode });
  const builder = new DependencyGraphBuilder(options.buckets);
  builder.add(pairer.add(spans, 0));
  builder.add(pairer.flush());
  return builder.build();
}
