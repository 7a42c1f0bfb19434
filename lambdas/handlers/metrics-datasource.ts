/** Lambda entry for `metrics-datasource` (wired by the local-runtime work; see lambdas/handlers). */
export const handler = async (event: unknown): Promise<unknown> => ({ handler: 'metrics-datasource', received: typeof event });
