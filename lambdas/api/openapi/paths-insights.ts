import { pending, RANGE_PARAMS } from './operation-builder';
import type { PathItem } from './openapi-types';

/** Performance, capacity and SLA paths (capabilities still to land). */
export function insightPaths(): Record<string, PathItem> {
  const get = (operationId: string, tag: string, capability: string, summary: string): PathItem => ({
    get: pending(operationId, tag, capability, summary, { parameters: RANGE_PARAMS }),
  });
  return {
    '/monitoring/profiling': get('getProfiling', 'performance', 'profiling', 'Profiling overview'),
    '/monitoring/profiling/cpu': get('getCpuProfile', 'performance', 'profiling', 'CPU profile'),
    '/monitoring/profiling/memory': get('getMemoryProfile', 'performance', 'profiling', 'Memory profile'),
    '/monitoring/benchmarks': get('listBenchmarks', 'performance', 'benchmarks', 'Benchmark results'),
    '/monitoring/capacity': get('getCapacity', 'capacity', 'capacity', 'Capacity usage'),
    '/monitoring/capacity/forecast': get('getCapacityForecast', 'capacity', 'capacity', 'Capacity forecast'),
  };
}
