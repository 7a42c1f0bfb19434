/** A key's rate limit (requests per second with a burst) and daily quota. */
export interface RateLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly quotaPerDay: number;
}

/** The limiter's state for one key (serialisable, so a StateStore can hold it). */
export interface BucketState {
  readonly tokens: number;
  /** Unix ms of the last refill. */
  readonly updatedAt: number;
  /** The UTC day (yyyy-mm-dd) the quota counter belongs to. */
  readonly day: string;
  readonly usedToday: number;
}

/** The decision on one request, with the wait a 429 should put in `Retry-After`. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly state: BucketState;
  readonly retryAfterSeconds?: number;
  readonly reason?: 'rate' | 'quota';
}

/**
 * A token bucket (as API Gateway usage plans throttle) plus a daily quota that resets at
 * 00:00 UTC. Pure: pass the previous state in, store the returned one.
 */
export function takeToken(limit: RateLimit, previous: BucketState | undefined, now: number): RateDecision {
  const day = new Date(now).toISOString().slice(0, 10);
  const base: BucketState = previous ?? { tokens: limit.burst, updatedAt: now, day, usedToday: 0 };
  const elapsed = Math.max(0, now - base.updatedAt) / 1000;
  const tokens = Math.min(limit.burst, base.tokens + elapsed * limit.ratePerSecond);
  const usedToday = base.day === day ? base.usedToday : 0;
  if (usedToday >= limit.quotaPerDay) {
    const midnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
    return { allowed: false, reason: 'quota', retryAfterSeconds: Math.ceil((midnight - now) / 1000), state: { tokens, updatedAt: now, day, usedToday } };
  }
  if (tokens < 1) {
    return { allowed: false, reason: 'rate', retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / limit.ratePerSecond)), state: { tokens, updatedAt: now, day, usedToday } };
  }
  return { allowed: true, state: { tokens: tokens - 1, updatedAt: now, day, usedToday: usedToday + 1 } };
}
