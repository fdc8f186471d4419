/**
 * Entry points: `minimize` (gradient methods, dispatching on `method`) and
 * `minimizeDerivativeFree` (Nelder–Mead).
 */
import { InvalidArgumentError } from '../errors.js';
import { bfgs } from './bfgs.js';
import { makeBox } from './bounds.js';
import { cg } from './cg.js';
import { type MethodName, resolveOptions } from './common.js';
import { lbfgs } from './lbfgs.js';
import { nelderMead } from './nelder-mead.js';
import type { MinimizeOptionsWithHistory, MinimizeResult, Objective, ObjectiveWithGradient } from './types.js';

const METHODS: readonly MethodName[] = ['bfgs', 'lbfgs', 'cg', 'nm'];

function startingPoint(x0: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(x0);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new InvalidArgumentError('x0', `entry ${i} is not finite`);
  }
  return x;
}

/**
 * Minimizes f from x0 using exact gradients. `fg(x, g)` returns f(x) and
 * writes ∇f(x) into g; it may return NaN/Infinity (or throw
 * `NotPositiveDefiniteError`/`SingularMatrixError`) at an infeasible trial
 * point, which the line search rejects. x0 is not mutated.
 *
 * Methods and defaults:
 * - `'bfgs'` (default): dense BFGS, strong Wolfe search; maxiter 200·n,
 *   maxfev ∞, ftol/xtol off; returns `invHessian`.
 * - `'lbfgs'`: L-BFGS, optional bounds (projected active-set variant);
 *   maxiter = maxfev = 15000, ftol 2.2e-9, memory 10.
 * - `'cg'`: Polak–Ribière+ conjugate gradients; as bfgs.
 * - `'nm'`: Nelder–Mead on f alone (the gradient is not used).
 * All: gtol 1e-5 on ‖∇f‖∞ (projected gradient with bounds). `bfgs` and `cg`
 * throw `InvalidArgumentError` when a finite bound is given. n = 0 returns
 * after one evaluation. A non-finite f at x0 throws `InvalidArgumentError('x0')`.
 *
 * @example
 * ```ts
 * // Rosenbrock
 * const fg = (x: Float64Array, g: Float64Array) => {
 *   const a = 1 - x[0]!, b = x[1]! - x[0]! ** 2;
 *   g[0] = -2 * a - 400 * x[0]! * b; g[1] = 200 * b;
 *   return a * a + 100 * b * b;
 * };
 * const r = minimize(fg, [-1.2, 1]); // r.x ≈ [1, 1], r.converged === true
 * const rb = minimize(fg, [-1.2, 1], { method: 'lbfgs', lower: [-Infinity, 1.5] });
 * ```
 */
export function minimize(
  fg: ObjectiveWithGradient,
  x0: ArrayLike<number>,
  options: MinimizeOptionsWithHistory = {},
): MinimizeResult {
  const method = options.method ?? 'bfgs';
  if (!METHODS.includes(method)) {
    throw new InvalidArgumentError('method', `unknown optimizer '${String(method)}' (expected one of ${METHODS.join(', ')})`);
  }
  const x = startingPoint(x0);
  const n = x.length;
  const box = makeBox(n, options.lower, options.upper);
  if (box.active && (method === 'bfgs' || method === 'cg')) {
    throw new InvalidArgumentError(options.lower ? 'lower' : 'upper', `bounds are supported only by 'lbfgs' and 'nm', not '${method}'`);
  }
  const opts = resolveOptions(method, n, options);
  if (method === 'nm') {
    const scratch = new Float64Array(n);
    const r = nelderMead((z) => fg(z, scratch), x, opts, box);
    return r;
  }
  if (n === 0) {
    const g = new Float64Array(0);
    const f = fg(x, g);
    const r: MinimizeResult = { x, f, grad: g, iterations: 0, fev: 1, gev: 1, converged: true, message: 'no parameters' };
    if (method === 'bfgs') r.invHessian = new Float64Array(0);
    if (opts.keepHistory) r.history = [{ x: [], f }];
    return r;
  }
  switch (method) {
    case 'bfgs':
      return bfgs(fg, x, opts);
    case 'cg':
      return cg(fg, x, opts);
    default:
      return lbfgs(fg, x, opts, box);
  }
}

/**
 * Minimizes f from x0 without derivatives (Nelder–Mead, Lagarias et al. 1998
 * with Gao–Han adaptive coefficients). Honours `lower`/`upper` by projecting
 * vertices onto the box; `method` is ignored. Defaults: maxiter = maxfev =
 * max(1000, 200·n), ftol 2.2e-9 (relative f-spread), xtol 1e-6 (relative
 * simplex size). `grad` in the result is zero and `gev` 0.
 *
 * @example
 * ```ts
 * const r = minimizeDerivativeFree((x) => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2, [-1.2, 1]);
 * // r.x ≈ [1, 1]
 * ```
 */
export function minimizeDerivativeFree(
  f: Objective,
  x0: ArrayLike<number>,
  options: MinimizeOptionsWithHistory = {},
): MinimizeResult {
  const x = startingPoint(x0);
  const n = x.length;
  const box = makeBox(n, options.lower, options.upper);
  const opts = resolveOptions('nm', n, options);
  return nelderMead(f, x, opts, box);
}
