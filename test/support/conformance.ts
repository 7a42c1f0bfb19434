import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared conformance data lives beside the repository, in `../shared/conformance/`. */
export const CONFORMANCE_ROOT = resolve(__dirname, '..', '..', '..', 'shared', 'conformance');

/** Absolute path of a conformance sub-folder, or undefined when the data is absent (a user's clone). */
export function conformancePath(...parts: string[]): string | undefined {
  const p = join(CONFORMANCE_ROOT, ...parts);
  return existsSync(p) ? p : undefined;
}

/**
 * `describe` when the conformance data is present, otherwise a skipped suite whose name
 * says why, so `npm test` passes on a clone without `../shared`.
 */
export function describeWithConformance(name: string, parts: string[], body: (dir: string) => void): void {
  const dir = conformancePath(...parts);
  if (dir) {
    describe(name, () => body(dir));
  } else {
    describe.skip(`${name} (skipped: ${join(CONFORMANCE_ROOT, ...parts)} is absent; clone the steering repo's shared/ beside this one to run it)`, () => {
      it('needs conformance data', () => undefined);
    });
  }
}
