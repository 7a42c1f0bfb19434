import { usePorts } from '../../lambdas/handlers/composition/ports-provider';
import { configureObservability } from '../../lambdas/handlers/middleware/observability';

/**
 * For suites that call handlers directly: their observability lines and expected error logs
 * go nowhere, and whatever ports a test installed are removed afterwards.
 */
export function quietHandlers(): void {
  let restore: ReturnType<typeof configureObservability>;
  beforeAll(() => {
    restore = configureObservability({ sink: () => undefined });
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => {
    configureObservability(restore);
    usePorts(undefined);
    jest.restoreAllMocks();
  });
}
