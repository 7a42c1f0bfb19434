/** Lambda entry for `log-processor` (wired by the local-runtime work; see lambdas/handlers). */
export const handler = async (event: unknown): Promise<unknown> => ({ handler: 'log-processor', received: typeof event });
