export { seededRandom } from '../../../support/seeded-random';
/** A standard normal draw from a uniform source (Box-Muller). */
export function normalDraw(uniform: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
