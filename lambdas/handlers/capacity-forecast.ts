/** Lambda entry for `capacity-forecast` (wired by the local-runtime work; see lambdas/handlers). */
export const handler = async (event: unknown): Promise<unknown> => ({ handler: 'capacity-forecast', received: typeof event });
