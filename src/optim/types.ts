/**
 * Public types of the optimizers: objectives, options and results.
 *
 * Conventions: every method MINIMIZES. Vectors are `Float64Array`; the
 * optimizers never mutate `x0` nor arrays they hand to callbacks after the call.
 */

/**
 * f(x). May return `Infinity` or `NaN` at an infeasible point; the line search
 * then treats the point as rejected and steps back.
 *
 * @example
 * ```ts
 * const f: Objective = (x) => (x[0]! - 1) ** 2;
 * ```
 */
export type Objective = (x: Float64Array) => number;

/**
 * Writes ∇f(x) into `out`.
 *
 * @example
 * ```ts
 * const g: Gradient = (x, out) => { out[0] = 2 * (x[0]! - 1); };
 * ```
 */
export type Gradient = (x: Float64Array, out: Float64Array) => void;

/**
 * Returns f(x) and writes ∇f(x) into `gradOut` (shared work, one call per
 * evaluation). Must not keep references to `x` or `gradOut`: the optimizer
 * reuses both buffers.
 *
 * @example
 * ```ts
 * const fg: ObjectiveWithGradient = (x, g) => { g[0] = 2 * (x[0]! - 1); return (x[0]! - 1) ** 2; };
 * ```
 */
export type ObjectiveWithGradient = (x: Float64Array, gradOut: Float64Array) => number;

/** Information passed to `onIteration` after every completed iteration. */
export interface IterationInfo {
  /** 1-based iteration count. */
  iteration: number;
  /** Objective evaluations so far. */
  fev: number;
  /** Current iterate (a copy; safe to keep). */
  x: Float64Array;
  /** f(x). */
  f: number;
  /** ‖∇f‖∞ (projected gradient for bounded L-BFGS; NaN for Nelder–Mead). */
  gnorm: number;
}

/**
 * Options common to all methods. Defaults (per method) are listed in
 * `minimize`'s documentation.
 *
 * @example
 * ```ts
 * const opts: MinimizeOptions = { method: 'lbfgs', lower: [0, -Infinity], gtol: 1e-6 };
 * ```
 */
export interface MinimizeOptions {
  /** `'bfgs'` (default), `'lbfgs'`, `'cg'`, or `'nm'` (Nelder–Mead). */
  method?: 'bfgs' | 'lbfgs' | 'cg' | 'nm';
  /** Stop when ‖∇f‖∞ (projected for bounded L-BFGS) ≤ gtol. Default 1e-5. */
  gtol?: number;
  /**
   * Relative decrease stop: (f_k − f_{k+1}) ≤ ftol·max(|f_k|, |f_{k+1}|, 1).
   * Default 2.2e-9 for lbfgs; 0 (off) for bfgs and cg. For nm: spread of f over
   * the simplex ≤ ftol·max(|f_best|, 1), default 2.2e-9.
   */
  ftol?: number;
  /**
   * Step stop: ‖x_{k+1} − x_k‖∞ ≤ xtol·max(‖x_k‖∞, 1). Default 0 (off) for
   * gradient methods; for nm the simplex diameter test, default 1e-6.
   */
  xtol?: number;
  /** Maximum iterations. Default 200·n for bfgs/cg, 15000 for lbfgs, max(1000, 200·n) for nm. */
  maxiter?: number;
  /** Maximum objective evaluations. Default Infinity (bfgs, cg), 15000 (lbfgs), max(1000, 200·n) (nm). */
  maxfev?: number;
  /** Lower bounds (lbfgs and nm only; -Infinity = none). */
  lower?: Float64Array | number[];
  /** Upper bounds (lbfgs and nm only; Infinity = none). */
  upper?: Float64Array | number[];
  /** L-BFGS history length. Default 10. */
  memory?: number;
  /** Called after each iteration. */
  onIteration?: (info: IterationInfo) => void;
  /**
   * Length (Euclidean) of the first trial step of gradient methods, and the
   * initial simplex edge of Nelder–Mead. Default 1 for gradient methods; for nm
   * 5% of |x0_i| (0.00025 when x0_i = 0).
   */
  initialStep?: number;
  /**
   * BFGS only: the first trial step (H₀ = I) has exactly this Euclidean
   * length, α₀ = firstStepLength/‖∇f(x0)‖ even beyond α = 1. For objectives
   * whose gradient scale says nothing about the distance to the optimum (a
   * log-likelihood divided by n: the default trial −∇f shrinks with n and the
   * line search spends its evaluations growing it). Later resets use `initialStep`.
   */
  firstStepLength?: number;
  /**
   * BFGS only: initial inverse-Hessian approximation H₀ (n×n row-major,
   * symmetric positive definite), e.g. from an approximate Hessian at x0. When
   * given, the first trial step is the full quasi-Newton step −H₀g (no 6.20
   * rescaling); a reset after a failed line search still falls back to I.
   */
  initialInvHessian?: Float64Array | number[];
  /**
   * BFGS only: also stop (converged) when every component of the quasi-Newton
   * step is small relative to its coordinate, |(H∇f)_i| ≤ stepTol·|x_i| (a
   * Newton-decrement test that needs a well-scaled H, e.g. from
   * `initialInvHessian`). Default 0 (off).
   */
  stepTol?: number;
}

/**
 * Outcome of a minimization.
 *
 * @example
 * ```ts
 * const r: MinimizeResult = minimize(fg, [0, 0]);
 * if (!r.converged) console.warn(r.message);
 * ```
 */
export interface MinimizeResult {
  /** Best point found. */
  x: Float64Array;
  /** f(x). */
  f: number;
  /** ∇f(x) (the full, unprojected gradient; zeros for Nelder–Mead). */
  grad: Float64Array;
  iterations: number;
  /** Objective evaluations (each call of an `ObjectiveWithGradient` counts once). */
  fev: number;
  /** Gradient evaluations (equals fev for gradient methods, 0 for nm). */
  gev: number;
  converged: boolean;
  /** Why the method stopped, e.g. 'gradient norm below gtol', 'maximum iterations reached', 'line search failed'. */
  message: string;
  /** BFGS only: final inverse-Hessian approximation (n×n row-major). */
  invHessian?: Float64Array;
  /** When `keepHistory`: the iterates (starting point first). */
  history?: { x: number[]; f: number }[];
}

/** `MinimizeOptions` plus `keepHistory`. */
export type MinimizeOptionsWithHistory = MinimizeOptions & { keepHistory?: boolean };
