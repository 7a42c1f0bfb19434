/** Lambda entry for `sla-report` (wired by the local-runtime work; see lambdas/handlers). */
export const handler = async (event: unknown): Promise<unknown> => ({ handler: 'sla-report', received: typeof event });
