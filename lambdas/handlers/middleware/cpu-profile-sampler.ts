import { Session } from 'node:inspector';
import { CPU_PROFILE_KIND, foldCpuProfile, mergeFolded, type FoldedProfile, type StoredCpuProfile, type V8CpuProfile } from '../../core/profiling/cpu-profile';
import type { StateStore } from '../../core/ports/state-store';
import type { ActiveProfile, InvocationProfiler } from './observability';

const HOUR_MS = 3_600_000;
const TTL_SECONDS = 7 * 86_400;

/** Settings of {@link CpuProfileSampler}. */
export interface CpuProfileSamplerOptions {
  /** Share of invocations profiled, 0..1. */
  readonly share: number;
  /** Where profiles go (resolved per write, so the ports can be installed later). */
  readonly store: () => StateStore;
  /** Sampling interval of the V8 profiler, microseconds. @default 1000 */
  readonly intervalUs?: number;
  readonly random?: () => number;
  readonly now?: () => number;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));
}

/**
 * Profiles a share of invocations with the V8 sampling profiler (node:inspector) and merges
 * each profile, folded to stacks with self time, into the hour's item of its function in the
 * state store. A failure to profile or store never fails the invocation.
 */
export class CpuProfileSampler implements InvocationProfiler {
  constructor(private readonly options: CpuProfileSamplerOptions) {}

  shouldSample(): boolean {
    return this.options.share > 0 && (this.options.random ?? Math.random)() < this.options.share;
  }

  begin(): ActiveProfile {
    const session = new Session();
    session.connect();
    const started = (async () => {
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: this.options.intervalUs ?? 1000 });
      await post(session, 'Profiler.start');
    })();
    return {
      end: async (functionName: string) => {
        try {
          await started;
          const { profile } = await post<{ profile: V8CpuProfile }>(session, 'Profiler.stop');
          await this.store(functionName, foldCpuProfile(profile));
        } catch {
          // Profiling is best effort: the invocation's own outcome is what matters.
        } finally {
          session.disconnect();
        }
      },
    };
  }

  private async store(functionName: string, folded: FoldedProfile): Promise<void> {
    const hour = Math.floor((this.options.now ?? Date.now)() / HOUR_MS) * HOUR_MS;
    const id = `${functionName}/${new Date(hour).toISOString().slice(0, 13)}`;
    const state = this.options.store();
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await state.get<StoredCpuProfile>(CPU_PROFILE_KIND, id);
      const merged = mergeFolded(current?.value, folded);
      try {
        await state.put<StoredCpuProfile>(CPU_PROFILE_KIND, id, { ...merged, functionName, hour }, { expectedVersion: current?.version ?? 0, ttlSeconds: TTL_SECONDS });
        return;
      } catch {
        // A concurrent invocation wrote first: read again and merge.
      }
    }
  }
}
