/**
 * Adapters between objective forms.
 */
import type { Gradient, Objective, ObjectiveWithGradient } from './types.js';

/**
 * Combines a separate objective and gradient into the `ObjectiveWithGradient`
 * form that `minimize` takes (two calls per evaluation; prefer a combined
 * function when f and ∇f share work).
 *
 * @example
 * ```ts
 * const fg = withGradient((x) => x[0]! ** 2, (x, g) => { g[0] = 2 * x[0]!; });
 * minimize(fg, [3]).x; // ≈ [0]
 * ```
 */
export function withGradient(f: Objective, grad: Gradient): ObjectiveWithGradient {
  return (x, g) => {
    const v = f(x);
    if (Number.isFinite(v)) grad(x, g);
    return v;
  };
}
