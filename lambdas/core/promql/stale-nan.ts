/** The staleness marker lives with the series types; the engine re-exports it. */
export { isStaleNaN, STALE_NAN } from '../domain/series';
