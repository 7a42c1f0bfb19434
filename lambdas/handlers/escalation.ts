/** Lambda entry for `escalation` (wired by the local-runtime work; see lambdas/handlers). */
export const handler = async (event: unknown): Promise<unknown> => ({ handler: 'escalation', received: typeof event });
