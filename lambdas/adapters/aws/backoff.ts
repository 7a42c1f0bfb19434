/** How long to wait before retry number `attempt` (1-based): full-jitter exponential backoff, capped. */
export function backoff(attempt: number, baseMs: number, capMs = 5_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** (attempt - 1));
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
