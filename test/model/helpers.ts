/** Test helpers for test/model: a seeded PRNG and small numeric utilities. */

/** The library's seeded PRNG (mulberry32), shared by every test suite. */
export { mulberry32 } from '../../src/model/inference/simulate.js';

/** Relative error |a − b| / |b| (absolute when b = 0). */
export function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}

/** Central differences of f at x, relative step h (absolute h where x_i = 0). */
export function fd(f: (x: number[]) => number, x: number[], h: number): number[] {
  return x.map((_, i) => {
    const a = x.slice();
    const b = x.slice();
    const hi = h * (Math.abs(x[i]!) || 1);
    a[i] = x[i]! + hi;
    b[i] = x[i]! - hi;
    return (f(a) - f(b)) / (2 * hi);
  });
}
