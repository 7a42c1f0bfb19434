/** Lambda entry for `trace-processor` (wired by the local-runtime work; see lambdas/handlers). */
export const handler = async (event: unknown): Promise<unknown> => ({ handler: 'trace-processor', received: typeof event });
