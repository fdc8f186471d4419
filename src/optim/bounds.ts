/**
 * Box constraints l ≤ x ≤ u: validation, projection P(x) = min(max(x, l), u),
 * and the projected gradient P(x − g) − x used as the stationarity measure of
 * bound-constrained problems (as in L-BFGS-B).
 */
import { DimensionMismatchError, InvalidArgumentError } from '../errors.js';

/** Validated bounds (−∞/+∞ where absent). */
export interface Box {
  lower: Float64Array;
  upper: Float64Array;
  /** True when some bound is finite. */
  active: boolean;
}

/**
 * Validates and copies bounds for an n-vector.
 *
 * @example
 * ```ts
 * const box = makeBox(2, [0, -Infinity], undefined); // box.active === true
 * ```
 */
export function makeBox(
  n: number,
  lower: ArrayLike<number> | undefined,
  upper: ArrayLike<number> | undefined,
): Box {
  const lo = new Float64Array(n).fill(-Infinity);
  const hi = new Float64Array(n).fill(Infinity);
  if (lower !== undefined) {
    if (lower.length !== n) throw new DimensionMismatchError('lower', String(n), String(lower.length));
    for (let i = 0; i < n; i++) lo[i] = lower[i]!;
  }
  if (upper !== undefined) {
    if (upper.length !== n) throw new DimensionMismatchError('upper', String(n), String(upper.length));
    for (let i = 0; i < n; i++) hi[i] = upper[i]!;
  }
  let active = false;
  for (let i = 0; i < n; i++) {
    const l = lo[i]!;
    const u = hi[i]!;
    if (Number.isNaN(l)) throw new InvalidArgumentError('lower', `bound ${i} is NaN`);
    if (Number.isNaN(u)) throw new InvalidArgumentError('upper', `bound ${i} is NaN`);
    if (l > u) throw new InvalidArgumentError('lower', `lower[${i}] = ${l} exceeds upper[${i}] = ${u}`);
    if (l === Infinity) throw new InvalidArgumentError('lower', `lower[${i}] is +Infinity`);
    if (u === -Infinity) throw new InvalidArgumentError('upper', `upper[${i}] is -Infinity`);
    if (l > -Infinity || u < Infinity) active = true;
  }
  return { lower: lo, upper: hi, active };
}

/**
 * x ← P(x), in place.
 *
 * @example
 * ```ts
 * const x = new Float64Array([-1, 5]); project(x, makeBox(2, [0, 0], [1, 1])); // [0, 1]
 * ```
 */
export function project(x: Float64Array, box: Box): void {
  const { lower, upper } = box;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v < lower[i]!) x[i] = lower[i]!;
    else if (v > upper[i]!) x[i] = upper[i]!;
  }
}

/**
 * ‖P(x − g) − x‖∞, the projected-gradient norm (= ‖g‖∞ without bounds).
 *
 * @example
 * ```ts
 * projectedGradientNorm(new Float64Array([0]), new Float64Array([2]), makeBox(1, [0], undefined)); // 0
 * ```
 */
export function projectedGradientNorm(x: Float64Array, g: Float64Array, box: Box): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    let t = x[i]! - g[i]!;
    if (t < box.lower[i]!) t = box.lower[i]!;
    else if (t > box.upper[i]!) t = box.upper[i]!;
    const a = Math.abs(t - x[i]!);
    if (a > m) m = a;
  }
  return m;
}
