/** Lambda entry for `ingest` (wired by the local-runtime work; see lambdas/handlers). */
export const handler = async (event: unknown): Promise<unknown> => ({ handler: 'ingest', received: typeof event });
