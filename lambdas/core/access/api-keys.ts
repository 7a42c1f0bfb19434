import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from './roles';

/** A stored API key: never the key itself, only its hash. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly services?: readonly string[];
  readonly dashboards?: readonly string[];
  /** SHA-256 of the secret part, hex. */
  readonly hash: string;
  /** Unix ms. */
  readonly createdAt: number;
  readonly expiresAt?: number;
  readonly revokedAt?: number;
  /** The key this one replaced, when created by rotation. */
  readonly rotatedFrom?: string;
}

/** Why a presented key was refused. */
export type KeyProblem = 'malformed' | 'unknown' | 'revoked' | 'expired';

const PREFIX = 'obs';

/**
 * Creates a key: `obs_<id>_<secret>` with a 16-hex id (the lookup key) and 256 random bits of
 * secret. The secret is hashed with SHA-256, which suffices for random keys of that length
 * (no password stretching needed); the plain key is shown once and never stored.
 */
export function createApiKey(input: { name: string; role: Role; services?: string[]; dashboards?: string[]; expiresAt?: number; rotatedFrom?: string }, now: number): { key: string; record: ApiKeyRecord } {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const record: ApiKeyRecord = { id, ...input, hash: sha256(secret), createdAt: now };
  return { key: `${PREFIX}_${id}_${secret}`, record };
}

/** Splits a presented key into its id and secret; undefined when it is not of our form. */
export function parseApiKey(key: string): { id: string; secret: string } | undefined {
  const m = /^obs_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/.exec(key.trim());
  return m ? { id: m[1], secret: m[2] } : undefined;
}

/** Checks a presented secret against its record in constant time; the reason when refused. */
export function checkApiKey(record: ApiKeyRecord | undefined, secret: string, now: number): KeyProblem | undefined {
  if (!record) return 'unknown';
  const a = Buffer.from(sha256(secret), 'hex');
  const b = Buffer.from(record.hash, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'unknown';
  if (record.revokedAt !== undefined && record.revokedAt <= now) return 'revoked';
  if (record.expiresAt !== undefined && record.expiresAt <= now) return 'expired';
  return undefined;
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
