/** Test helpers for test/model: a seeded PRNG and small numeric utilities. */

/** The library's seeded PRNG (mulberry32), shared by every test suite. */
export { mulberry32 } from '../../src/model/inference/simulate.js';

/** Relative error |a − b| / |b| (absolute when b = 0). */
export function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}
