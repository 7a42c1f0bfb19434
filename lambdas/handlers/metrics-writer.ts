/** Lambda entry for `metrics-writer` (wired by the local-runtime work; see lambdas/handlers). */
export const handler = async (event: unknown): Promise<unknown> => ({ handler: 'metrics-writer', received: typeof event });
