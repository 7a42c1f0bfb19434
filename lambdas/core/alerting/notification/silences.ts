import { PlatformError } from '../../domain/errors';
import { matchesAll, type Labels, type LabelMatcher } from '../../domain/series';

/** A silence: mutes alerts matching all its matchers between `startsAt` and `endsAt` (Unix ms). */
export interface Silence {
  readonly id: string;
  readonly matchers: readonly LabelMatcher[];
  readonly startsAt: number;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
}

/** Alertmanager's silence states. */
export type SilenceState = 'pending' | 'active' | 'expired';

/** The state of a silence at `now`: pending before it starts, active until it ends, expired after. */
export function silenceState(s: Silence, now: number): SilenceState {
  if (now < s.startsAt) return 'pending';
  if (now < s.endsAt) return 'active';
  return 'expired';
}

/** Checks a silence as Alertmanager does: at least one matcher, one that cannot match the empty string, a time range, an author and a comment. */
export function validateSilence(s: Silence): void {
  const problems: string[] = [];
  if (s.matchers.length === 0) problems.push('at least one matcher is required');
  // A silence whose every matcher matches the empty label would mute everything.
  if (s.matchers.length > 0 && s.matchers.every((m) => matchesAll({}, [m]))) problems.push('at least one matcher must not match the empty string');
  if (!(s.endsAt > s.startsAt)) problems.push('endsAt must be after startsAt');
  if (!s.createdBy) problems.push('createdBy is required');
  if (!s.comment) problems.push('comment is required');
  if (problems.length > 0) throw new PlatformError('invalid_argument', `invalid silence: ${problems.join('; ')}`, problems);
}

/** The ids of the active silences that mute an alert with `labels` at `now`. */
export function silencedBy(labels: Labels, silences: readonly Silence[], now: number): string[] {
  return silences.filter((s) => silenceState(s, now) === 'active' && matchesAll(labels, s.matchers)).map((s) => s.id);
}
