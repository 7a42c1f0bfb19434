import { getHeapSpaceStatistics } from 'node:v8';
import type { ResourceUsage } from '../../core/capacity/resource-usage';
import type { TimeRange } from '../../core/domain/series';
import type { Span } from '../../core/domain/span';
import type { Ports } from '../../core/ports';
import { CPU_PROFILE_KIND, mergeFolded, type FoldedProfile, type StoredCpuProfile } from '../../core/profiling/cpu-profile';
import { flameGraph, topFunctions } from '../../core/profiling/flame-graph';
import { serviceSelfTimes, spanHotSpots } from '../../core/profiling/span-hot-spots';
import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';
import { timeRangeOf } from '../params/time-range';
import { capacityUsageSource, loadCapacityConfig } from './capacity-snapshot';

/** Traces read for span self-time hot spots (each is one getTrace call). */
const HOT_SPOT_TRACES = 100;
const MB = 1024 * 1024;

/** Span self-time hot spots of the newest traces in the range. */
async function hotSpots(ports: Pick<Ports, 'traces'>, range: TimeRange, service?: string) {
  const page = await ports.traces.searchTraces({ range, service, limit: HOT_SPOT_TRACES });
  const traces: Span[][] = [];
  for (const t of page.items.slice(0, HOT_SPOT_TRACES)) traces.push(await ports.traces.getTrace(t.traceId));
  const all = spanHotSpots(traces, Infinity);
  return { traces: traces.length, services: serviceSelfTimes(all), items: all.slice(0, 20) };
}

/** The stored CPU profiles of the range's hours, merged per function and over all. */
async function storedProfiles(ports: Pick<Ports, 'state'>, range: TimeRange, fn?: string) {
  const perFunction = new Map<string, FoldedProfile>();
  let all: FoldedProfile | undefined;
  let cursor: string | undefined;
  do {
    const page = await ports.state.list<StoredCpuProfile>(CPU_PROFILE_KIND, { limit: 1000, cursor, ...(fn && { prefix: `${fn}/` }) });
    for (const { value } of page.items) {
      if (value.hour + 3_600_000 < range.start || value.hour > range.end) continue;
      perFunction.set(value.functionName, mergeFolded(perFunction.get(value.functionName), value));
      all = mergeFolded(all, value);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { perFunction, all };
}

const last = (u: ResourceUsage | undefined): number | null => {
  const s = u?.samples.filter((p) => Number.isFinite(p.value)) ?? [];
  return s.length ? s[s.length - 1].value : null;
};
const peak = (u: ResourceUsage | undefined): number | null => {
  const s = u?.samples.filter((p) => Number.isFinite(p.value)) ?? [];
  return s.length ? Math.max(...s.map((p) => p.value)) : null;
};

/** Per function: p95 duration, concurrency and memory (CloudWatch on AWS, the platform's own series locally). */
async function functionMetrics(ports: Ports, range: TimeRange) {
  const config = await loadCapacityConfig(ports);
  const usage = await capacityUsageSource(config, ports).usage(range, Math.max(60_000, Math.ceil((range.end - range.start) / 240 / 60_000) * 60_000));
  const byFunction = new Map<string, Partial<Record<string, ResourceUsage>>>();
  for (const u of usage) {
    if (!u.kind.startsWith('lambda-')) continue;
    byFunction.set(u.name, { ...byFunction.get(u.name), [u.kind]: u });
  }
  return [...byFunction].map(([name, u]) => ({
    name,
    memoryMb: u['lambda-memory']?.capacity ?? u['lambda-concurrency']?.attributes?.memoryMb ?? null,
    maxMemoryUsedMb: peak(u['lambda-memory']),
    p95DurationMs: last(u['lambda-duration']),
    maxP95DurationMs: peak(u['lambda-duration']),
    maxConcurrency: peak(u['lambda-concurrency']),
  }));
}

function processCpu() {
  const cpu = process.cpuUsage();
  return { userMs: cpu.user / 1000, systemMs: cpu.system / 1000, uptimeSeconds: process.uptime() };
}

function processMemory() {
  const m = process.memoryUsage();
  return {
    rssMb: m.rss / MB,
    heapUsedMb: m.heapUsed / MB,
    heapTotalMb: m.heapTotal / MB,
    externalMb: m.external / MB,
    heapSpaces: getHeapSpaceStatistics().map((s) => ({ name: s.space_name, usedMb: s.space_used_size / MB, sizeMb: s.space_size / MB })),
  };
}

/**
 * Profiling operations: CPU time and memory per function (Lambda metrics) and for the serving
 * process, span self-time hot spots per service and operation, and the aggregated V8 CPU
 * profiles the middleware samples (PROFILE_SAMPLE_SHARE) as top functions and a flame graph.
 */
export const profilingRoutes: Readonly<Record<string, RouteHandler>> = {
  async getProfiling({ ports, params }) {
    const range = timeRangeOf(params, ports.clock.now());
    const [functions, spots, profiles] = await Promise.all([functionMetrics(ports, range), hotSpots(ports, range, params.service as string | undefined), storedProfiles(ports, range)]);
    return jsonResponse(200, {
      from: formatMillis(range.start),
      to: formatMillis(range.end),
      functions,
      process: { cpu: processCpu(), memory: processMemory() },
      hotSpots: spots,
      cpuProfiles: [...profiles.perFunction].map(([name, p]) => ({ function: name, profiles: p.profiles, sampledMs: p.durationUs / 1000, top: topFunctions(p, 5) })),
    });
  },
  async getCpuProfile({ ports, params }) {
    const range = timeRangeOf(params, ports.clock.now());
    const fn = params.function as string | undefined;
    const [profiles, spots] = await Promise.all([storedProfiles(ports, range, fn), hotSpots(ports, range, params.service as string | undefined)]);
    const merged = profiles.all ?? { profiles: 0, durationUs: 0, stacks: {} };
    return jsonResponse(200, {
      from: formatMillis(range.start),
      to: formatMillis(range.end),
      ...(fn && { function: fn }),
      profiles: merged.profiles,
      sampledMs: merged.durationUs / 1000,
      topFunctions: topFunctions(merged, (params.limit as number | undefined) ?? 20),
      flameGraph: flameGraph(merged),
      functions: [...profiles.perFunction.keys()].sort(),
      hotSpots: spots,
      process: processCpu(),
    });
  },
  async getMemoryProfile({ ports, params }) {
    const range = timeRangeOf(params, ports.clock.now());
    const functions = await functionMetrics(ports, range);
    return jsonResponse(200, {
      from: formatMillis(range.start),
      to: formatMillis(range.end),
      functions: functions.map((f) => ({ name: f.name, memoryMb: f.memoryMb, maxMemoryUsedMb: f.maxMemoryUsedMb, utilisation: f.memoryMb && f.maxMemoryUsedMb !== null ? f.maxMemoryUsedMb / f.memoryMb : null })),
      process: processMemory(),
    });
  },
};
