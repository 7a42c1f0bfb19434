import type { ErrorFingerprint } from './error-fingerprint';
import { fingerprintError } from './error-fingerprint';

/** One occurrence fed to the aggregate. */
export interface ErrorOccurrence {
  /** Unix milliseconds. */
  readonly timestamp: number;
  readonly message: string;
  readonly service?: string;
  readonly userId?: string;
  /** Optional message template from the pattern miner. */
  readonly template?: string;
}

/** An error group as reported. */
export interface ErrorGroup {
  readonly fingerprint: string;
  readonly types: readonly string[];
  readonly messageTemplate: string;
  readonly count: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Distinct user ids seen; exact up to `maxTrackedUsers`, a lower bound beyond. */
  readonly distinctUsers: number;
  readonly services: readonly string[];
  /** The first occurrence's message. */
  readonly sample: string;
}

interface GroupState {
  fingerprint: string;
  types: string[];
  messageTemplate: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  users: string[];
  usersOverflow: number;
  services: string[];
  sample: string;
}

/** Persisted form of an aggregate (plain JSON). */
export interface ErrorGroupsState {
  readonly version: 1;
  readonly maxTrackedUsers: number;
  readonly groups: readonly GroupState[];
}

/**
 * Aggregates error occurrences by fingerprint: count, first/last seen, distinct users, services
 * and a sample; serialisable so a processor can persist it between batches.
 */
export class ErrorGroups {
  private readonly groups = new Map<string, GroupState>();
  private readonly userSets = new Map<string, Set<string>>();

  constructor(private readonly maxTrackedUsers = 10_000) {}

  /** Adds one occurrence; returns its fingerprint and whether it opened a new group. */
  add(occurrence: ErrorOccurrence): { fingerprint: ErrorFingerprint; isNew: boolean } {
    const fp = fingerprintError(occurrence.message, occurrence.template);
    let g = this.groups.get(fp.fingerprint);
    const isNew = !g;
    if (!g) {
      g = {
        fingerprint: fp.fingerprint,
        types: [...fp.types],
        messageTemplate: fp.messageTemplate,
        count: 0,
        firstSeen: occurrence.timestamp,
        lastSeen: occurrence.timestamp,
        users: [],
        usersOverflow: 0,
        services: [],
        sample: occurrence.message,
      };
      this.groups.set(fp.fingerprint, g);
      this.userSets.set(fp.fingerprint, new Set());
    }
    g.count++;
    g.firstSeen = Math.min(g.firstSeen, occurrence.timestamp);
    g.lastSeen = Math.max(g.lastSeen, occurrence.timestamp);
    if (occurrence.service && !g.services.includes(occurrence.service)) g.services.push(occurrence.service);
    if (occurrence.userId !== undefined) {
      const users = this.userSets.get(fp.fingerprint) as Set<string>;
      if (!users.has(occurrence.userId)) {
        if (users.size < this.maxTrackedUsers) {
          users.add(occurrence.userId);
          g.users.push(occurrence.userId);
        } else g.usersOverflow = 1;
      }
    }
    return { fingerprint: fp, isNew };
  }

  /** One group by fingerprint. */
  get(fingerprint: string): ErrorGroup | undefined {
    const g = this.groups.get(fingerprint);
    return g && view(g);
  }

  /** All groups, most frequent first. */
  list(): ErrorGroup[] {
    return [...this.groups.values()].map(view).sort((a, b) => b.count - a.count || a.firstSeen - b.firstSeen);
  }

  /** Plain-JSON state. */
  toJSON(): ErrorGroupsState {
    return { version: 1, maxTrackedUsers: this.maxTrackedUsers, groups: [...this.groups.values()].map((g) => ({ ...g, types: [...g.types], users: [...g.users], services: [...g.services] })) };
  }

  /** Restores an aggregate saved with `toJSON`. */
  static fromJSON(state: ErrorGroupsState): ErrorGroups {
    const out = new ErrorGroups(state.maxTrackedUsers);
    for (const g of state.groups) {
      out.groups.set(g.fingerprint, { ...g, types: [...g.types], users: [...g.users], services: [...g.services] });
      out.userSets.set(g.fingerprint, new Set(g.users));
    }
    return out;
  }
}

function view(g: GroupState): ErrorGroup {
  return {
    fingerprint: g.fingerprint,
    types: g.types,
    messageTemplate: g.messageTemplate,
    count: g.count,
    firstSeen: g.firstSeen,
    lastSeen: g.lastSeen,
    distinctUsers: g.users.length + g.usersOverflow,
    services: [...g.services],
    sample: g.sample,
  };
}
