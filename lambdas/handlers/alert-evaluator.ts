/** Lambda entry for `alert-evaluator` (wired by the local-runtime work; see lambdas/handlers). */
export const handler = async (event: unknown): Promise<unknown> => ({ handler: 'alert-evaluator', received: typeof event });
