import { classifySecurity, SecurityInput, SecuritySignal } from './security-signal';

/** Kinds of event the detector emits. */
export type SecurityEventType = 'auth-failure-burst-ip' | 'auth-failure-burst-user' | 'privilege-change' | 'access-denied-spike';

/** How bad an event is. */
export type SecuritySeverity = 'low' | 'medium' | 'high' | 'critical';

/** A detected security event. */
export interface SecurityEvent {
  readonly type: SecurityEventType;
  /** What the event is about: `ip:1.2.3.4`, `user:root`, `principal:arn:...`, `global`. */
  readonly key: string;
  readonly count: number;
  /** Unix milliseconds of the first and last record counted. */
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly severity: SecuritySeverity;
  /** A few of the messages that made the event. */
  readonly samples: readonly string[];
}

/** Thresholds; counts are within `windowMs`. */
export interface SecurityDetectorConfig {
  readonly windowMs: number;
  readonly authFailuresPerIp: number;
  readonly authFailuresPerUser: number;
  readonly accessDeniedPerKey: number;
  /** Bursts reaching this multiple of their threshold are high severity. */
  readonly highMultiple: number;
  readonly maxSamples: number;
}

/** Defaults: 10 failures from one address or 5 against one user within 5 minutes, 20 denials. */
export const DEFAULT_SECURITY_CONFIG: SecurityDetectorConfig = {
  windowMs: 5 * 60_000,
  authFailuresPerIp: 10,
  authFailuresPerUser: 5,
  accessDeniedPerKey: 20,
  highMultiple: 5,
  maxSamples: 5,
};

interface Burst {
  readonly start: number;
  /** Records counted since the burst opened (including the window that opened it). */
  total: number;
  /** `total` when last reported. */
  reported: number;
  escalated: boolean;
}

interface Window {
  readonly times: number[];
  /** The most recent messages. */
  readonly samples: string[];
  /** Set while the count stays at or above the threshold, so one burst gives one event. */
  burst?: Burst;
}

/**
 * Sliding-window detector over parsed records: bursts of authentication failures per source
 * address and per user, spikes of access denials, and every privilege change. `add` returns the
 * events a record completes: a burst is reported when its count within the window crosses the
 * threshold, once more when it grows to high severity, and with its final count from `flush`.
 */
export class SecurityDetector {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly config: SecurityDetectorConfig = DEFAULT_SECURITY_CONFIG) {}

  /** Feeds one record; returns new events. */
  add(record: SecurityInput): SecurityEvent[] {
    const signal = classifySecurity(record);
    if (!signal) return [];
    return this.addSignal(signal, record);
  }

  /** Feeds an already classified signal. */
  addSignal(signal: SecuritySignal, record: SecurityInput): SecurityEvent[] {
    const t = record.timestamp;
    const out: SecurityEvent[] = [];
    const count = (type: SecurityEventType, key: string, threshold: number): void => {
      const e = this.bump(type, key, threshold, t, record.message);
      if (e) out.push(e);
    };
    switch (signal.kind) {
      case 'auth-failure':
        if (signal.sourceIp) count('auth-failure-burst-ip', `ip:${signal.sourceIp}`, this.config.authFailuresPerIp);
        if (signal.user) count('auth-failure-burst-user', `user:${signal.user}`, this.config.authFailuresPerUser);
        break;
      case 'access-denied':
        count('access-denied-spike', signal.principal ? `principal:${signal.principal}` : signal.sourceIp ? `ip:${signal.sourceIp}` : 'global', this.config.accessDeniedPerKey);
        break;
      case 'privilege-change':
        out.push({
          type: 'privilege-change',
          key: `${signal.actor ? `actor:${signal.actor} ` : ''}${signal.target ? `target:${signal.target} ` : ''}${signal.action}`.trim(),
          count: 1,
          windowStart: t,
          windowEnd: t,
          severity: signal.elevated ? 'high' : 'medium',
          samples: [record.message],
        });
        break;
    }
    return out;
  }

  /** Final reports of bursts still open that grew since last reported; closes them. */
  flush(): SecurityEvent[] {
    const out: SecurityEvent[] = [];
    for (const [id, w] of this.windows) {
      if (w.burst && w.burst.total > w.burst.reported) out.push(this.event(id, w, w.burst));
      w.burst = undefined;
    }
    return out;
  }

  private bump(type: SecurityEventType, key: string, threshold: number, t: number, message: string): SecurityEvent | undefined {
    const id = `${type}\u0000${key}\u0000${threshold}`;
    let w = this.windows.get(id);
    if (!w) {
      w = { times: [], samples: [] };
      this.windows.set(id, w);
    }
    // Records may arrive slightly out of order; the window ends at the newest time seen.
    let i = w.times.length;
    while (i > 0 && w.times[i - 1] > t) i--;
    w.times.splice(i, 0, t);
    const end = w.times[w.times.length - 1];
    let drop = 0;
    while (drop < w.times.length && w.times[drop] < end - this.config.windowMs) drop++;
    if (drop > 0) w.times.splice(0, drop);
    w.samples.push(message);
    if (w.samples.length > this.config.maxSamples) w.samples.shift();
    if (w.burst) {
      if (w.times.length < threshold) w.burst = undefined;
      else {
        w.burst.total++;
        // One more report per burst, when it becomes high severity.
        if (!w.burst.escalated && w.burst.total >= threshold * this.config.highMultiple) {
          w.burst.escalated = true;
          return this.event(id, w, w.burst);
        }
        return undefined;
      }
    }
    if (w.times.length < threshold) return undefined;
    w.burst = { start: w.times[0], total: w.times.length, reported: 0, escalated: false };
    return this.event(id, w, w.burst);
  }

  private event(id: string, w: Window, burst: Burst): SecurityEvent {
    const [type, key, thresholdText] = id.split('\u0000');
    const high = burst.total >= Number(thresholdText) * this.config.highMultiple;
    burst.reported = burst.total;
    return {
      type: type as SecurityEventType,
      key,
      count: burst.total,
      windowStart: burst.start,
      windowEnd: w.times[w.times.length - 1],
      severity: high ? 'high' : type === 'access-denied-spike' ? 'low' : 'medium',
      samples: [...w.samples],
    };
  }
}
