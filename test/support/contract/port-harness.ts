import type { Pingable } from '../../../lambdas/core/ports/page';

/**
 * The set-up every port contract shares, registered in the calling `describe`: a fresh harness
 * before each test (handed to `use`, which keeps it for the tests), its clean-up after, and, when
 * `pingable` names the adapter, the first test: the adapter answers ping.
 */
export function usePortHarness<H extends { readonly cleanup?: () => Promise<void> }>(
  makeHarness: () => Promise<H>,
  use: (harness: H) => void,
  pingable?: (harness: H) => Pingable,
): void {
  let current: H | undefined;
  beforeEach(async () => {
    current = await makeHarness();
    use(current);
  });
  afterEach(async () => current?.cleanup?.());
  if (pingable) {
    it('answers ping', async () => {
      await expect(pingable(current!).ping()).resolves.toBeUndefined();
    });
  }
}
