import { PlatformError } from '../../domain/errors';
import type { HeadSamplerOptions } from '../sampling/head-sampler';
import type { TailSamplerOptions } from '../sampling/tail-sampler';

/** Settings of the trace processor (head and tail sampling, metrics, pairing, dedupe). */
export interface TraceProcessorConfig {
  /** Head sampling by service. @default keep everything */
  readonly head?: HeadSamplerOptions;
  /** Tail sampling; `decisionWaitMs` is how long spans wait in the decision buffer. @default TailSampler's defaults (10 s wait, 1 s latency threshold, 0.1 base), decisions remembered 60 s */
  readonly tail?: TailSamplerOptions;
  /** Extra span-metrics dimensions (attribute names). @default [] */
  readonly dimensions?: readonly string[];
  /** How long a client or server half waits for its partner, ms. @default 10000 */
  readonly pairWaitMs?: number;
  /** Least time between two writes of the cumulative metric series, ms; 0 writes after every batch. @default 10000 */
  readonly metricsFlushMs?: number;
  /** Envelope ids remembered to drop redelivered records (besides the sequence-number high-water mark). @default 1000 */
  readonly dedupeWindow?: number;
}

const num = (v: unknown, name: string, min = 0, max = Infinity): number | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v >= min && v <= max)) throw new PlatformError('invalid_argument', `${name} must be a number in [${min}, ${max}]`, [{ name, value: v }]);
  return v;
};

/**
 * Reads a trace processor config from plain JSON (an environment variable, a state item),
 * checking every number's range; unknown keys are ignored. Throws invalid_argument.
 */
export function parseTraceProcessorConfig(value: unknown): TraceProcessorConfig {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw new PlatformError('invalid_argument', 'the trace processor config must be an object');
  const v = value as Record<string, Record<string, unknown> | undefined>;
  const head = v.head ?? {};
  const tail = v.tail ?? {};
  const services: Record<string, number> = {};
  for (const [service, p] of Object.entries((head.services ?? {}) as Record<string, unknown>)) services[service] = num(p, `head.services.${service}`, 0, 1)!;
  const raw = value as Record<string, unknown>;
  return {
    head: { defaultProbability: num(head.defaultProbability, 'head.defaultProbability', 0, 1), services },
    tail: {
      decisionWaitMs: num(tail.decisionWaitMs, 'tail.decisionWaitMs'),
      latencyThresholdUs: num(tail.latencyThresholdUs, 'tail.latencyThresholdUs'),
      baseProbability: num(tail.baseProbability, 'tail.baseProbability', 0, 1),
      decisionTtlMs: num(tail.decisionTtlMs, 'tail.decisionTtlMs'),
      maxTraces: num(tail.maxTraces, 'tail.maxTraces', 1),
      maxSpans: num(tail.maxSpans, 'tail.maxSpans', 1),
    },
    dimensions: Array.isArray(raw.dimensions) ? raw.dimensions.filter((d): d is string => typeof d === 'string') : undefined,
    pairWaitMs: num(raw.pairWaitMs, 'pairWaitMs'),
    metricsFlushMs: num(raw.metricsFlushMs, 'metricsFlushMs'),
    dedupeWindow: num(raw.dedupeWindow, 'dedupeWindow', 0),
  };
}
