/**
 * Counting wrapper around the user's objective. A trial point is "rejected"
 * (reported as f = NaN) when the objective returns a non-finite value, writes a
 * non-finite gradient, or throws `NotPositiveDefiniteError` /
 * `SingularMatrixError` (a not-positive-definite step inside the optimizer is
 * a rejected point, not a crash). Other exceptions propagate.
 */
import { NotPositiveDefiniteError, SingularMatrixError } from '../errors.js';
import type { Objective, ObjectiveWithGradient } from './types.js';
import { allFinite } from './vector.js';

/**
 * Counts evaluations and enforces `maxfev`.
 *
 * @example
 * ```ts
 * const ev = new Evaluator((x, g) => { g[0] = 2 * x[0]!; return x[0]! ** 2; }, 100);
 * const g = new Float64Array(1);
 * ev.eval(new Float64Array([3]), g); // 9, ev.fev === 1
 * ```
 */
export class Evaluator {
  /** Evaluations so far. */
  fev = 0;
  constructor(private readonly fg: ObjectiveWithGradient, readonly maxfev: number) {}

  /** True when the evaluation budget is spent. */
  get exhausted(): boolean {
    return this.fev >= this.maxfev;
  }

  /** f(x) with ∇f(x) in `g`; NaN for a rejected point. */
  eval(x: Float64Array, g: Float64Array): number {
    this.fev++;
    let f: number;
    try {
      f = this.fg(x, g);
    } catch (e) {
      if (e instanceof NotPositiveDefiniteError || e instanceof SingularMatrixError) return NaN;
      throw e;
    }
    if (!Number.isFinite(f) || !allFinite(g)) return NaN;
    return f;
  }
}

/**
 * Counting wrapper for derivative-free objectives (same rejection rules).
 *
 * @example
 * ```ts
 * const ev = new ValueEvaluator((x) => x[0]! ** 2);
 * ev.eval(new Float64Array([2])); // 4
 * ```
 */
export class ValueEvaluator {
  fev = 0;
  constructor(private readonly f: Objective) {}

  /** f(x), or NaN for a rejected point (callers compare with `<`, so NaN never wins). */
  eval(x: Float64Array): number {
    this.fev++;
    let f: number;
    try {
      f = this.f(x);
    } catch (e) {
      if (e instanceof NotPositiveDefiniteError || e instanceof SingularMatrixError) return NaN;
      throw e;
    }
    return Number.isFinite(f) ? f : NaN;
  }
}
