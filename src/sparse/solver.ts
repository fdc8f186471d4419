/**
 * The solve entry points every factorization offers, written once on top of
 * its in-place solve (x = A⁻¹x): the copying `solve`/`solveMany` and the
 * multi-vector `solveManyInPlace` (one vector at a time unless a factor
 * streams its factor once for all of them).
 */
import { DimensionMismatchError } from '../errors.js';

/**
 * A factorization of an n × n matrix A that can apply A⁻¹ in place.
 *
 * @example
 * ```ts
 * const F: LinearSolver = cholesky(A);
 * const x = F.solve([1, 2, 3]); // A x = b
 * ```
 */
export abstract class LinearSolver {
  /** dimension */
  abstract readonly n: number;

  /**
   * x = A⁻¹x in place (original ordering, length ≥ n).
   *
   * @example
   * ```ts
   * const x = Float64Array.of(1, 2, 3); F.solveInPlace(x);
   * ```
   */
  abstract solveInPlace(x: Float64Array): void;

  /**
   * Solve A x = b (b not modified).
   *
   * @example
   * ```ts
   * const x = F.solve(Float64Array.of(1, 2, 3));
   * ```
   */
  solve(b: Float64Array | number[]): Float64Array {
    if (b.length !== this.n) throw new DimensionMismatchError('solve', `${this.n}`, `${b.length}`);
    const x = Float64Array.from(b);
    this.solveInPlace(x);
    return x;
  }

  /**
   * X = A⁻¹X in place for nrhs vectors stored one after another (column-major n × nrhs).
   *
   * @example
   * ```ts
   * F.solveManyInPlace(X, 3); // X.length === 3 * n
   * ```
   */
  solveManyInPlace(X: Float64Array, nrhs: number): void {
    const n = this.n;
    if (X.length < n * nrhs) throw new DimensionMismatchError('solveManyInPlace', `${n * nrhs} values`, `${X.length}`);
    for (let s = 0; s < nrhs; s++) this.solveInPlace(X.subarray(s * n, (s + 1) * n));
  }

  /**
   * Solve A X = B for a column-major n × nrhs block B (B not modified).
   *
   * @example
   * ```ts
   * const X = F.solveMany(B, 3); // B.length === 3 * n
   * ```
   */
  solveMany(B: Float64Array, nrhs: number): Float64Array {
    if (B.length !== this.n * nrhs) throw new DimensionMismatchError('solveMany', `${this.n * nrhs} values`, `${B.length}`);
    const X = B.slice();
    this.solveManyInPlace(X, nrhs);
    return X;
  }
}
