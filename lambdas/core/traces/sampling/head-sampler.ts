import type { Span } from '../../domain/span';
import { ProbabilityThreshold } from './probability-threshold';

/** Options of a {@link HeadSampler}. */
export interface HeadSamplerOptions {
  /** Probability for services not listed, in [0, 1]. @default 1 */
  readonly defaultProbability?: number;
  /** Probability per service name. @default {} */
  readonly services?: Readonly<Record<string, number>>;
}

/**
 * Head sampling by probability per service, deterministic on the trace id (see
 * {@link ProbabilityThreshold}): the same trace id gets the same decision on every span and
 * shard. Because thresholds nest, a trace kept by a service with a low probability is kept by
 * every service with a higher one, so sampled traces stay whole across services of equal or
 * higher probability.
 */
export class HeadSampler {
  private readonly fallback: ProbabilityThreshold;
  private readonly byService = new Map<string, ProbabilityThreshold>();

  constructor(options: HeadSamplerOptions = {}) {
    this.fallback = new ProbabilityThreshold(options.defaultProbability ?? 1);
    for (const [service, p] of Object.entries(options.services ?? {})) this.byService.set(service, new ProbabilityThreshold(p));
  }

  /** Whether a span of `service` in trace `traceId` is kept. */
  sampled(traceId: string, service: string): boolean {
    return (this.byService.get(service) ?? this.fallback).sampled(traceId);
  }

  /** The spans that are kept. */
  filter(spans: readonly Span[]): Span[] {
    return spans.filter((s) => this.sampled(s.traceId, s.service));
  }
}
