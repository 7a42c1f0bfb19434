/** The role tiers that get their own usage plan behind the Lambda authorizer. */
export const ROLE_TIERS = ['ingest', 'viewer', 'editor', 'admin'] as const;

/** One of {@link ROLE_TIERS}. */
export type RoleTier = (typeof ROLE_TIERS)[number];

/**
 * Each tier's share of the configured throttle and quota: producers get all of it, readers
 * half, admins a fifth (admin calls are rare; a leaked admin key should not flood the API).
 */
export const TIER_SHARE: Readonly<Record<RoleTier, number>> = { ingest: 1, viewer: 0.5, editor: 0.5, admin: 0.2 };

/**
 * The API Gateway key value that identifies a tier's usage plan. The authorizer returns it as
 * `usageIdentifierKey` (API key source AUTHORIZER), so clients never send it and it grants
 * nothing by itself; it only has to be unique per account and region, hence the prefix.
 */
export function tierUsageKey(prefix: string, tier: RoleTier): string {
  return `${prefix}-usage-tier-${tier}-identifier`;
}
