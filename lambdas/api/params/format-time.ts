/** RFC 3339 with millisecond precision, UTC (`2026-11-22T10:00:00.000Z`), for times in responses. */
export function formatMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** RFC 3339 with microsecond precision, UTC, for span times (Unix microseconds in). */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = Math.round(us - ms * 1000);
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}
