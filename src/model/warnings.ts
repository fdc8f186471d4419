/**
 * Stable warning codes. Every warning a model, fit, bootstrap or saved fit
 * carries is `{ code, message, ...fields }`; `code` is one of these and does
 * not change between versions (messages may). The README's error and
 * warning table documents each.
 */

/**
 * The warning codes, with a one-line meaning each.
 *
 * @example
 * ```ts
 * Object.keys(WARNING_CODES).includes(r.warnings[0]!.code); // true
 * ```
 */
export const WARNING_CODES = {
  'missing-dropped': 'rows with missing values were dropped (missing: drop); field count',
  boundary: "a singular fit, as lme4's isSingular: a relative Cholesky diagonal θ below 1e-4 (a variance at 0 or a correlation at ±1, relative to σ)",
  'not-psd': 'the estimated random-effects covariance is not positive semidefinite (useSqrt: false)',
  'hessian-singular': 'the Hessian at the estimate is singular; the affected standard errors are NaN',
  'hessian-not-pd': 'the Hessian at the estimate is not negative definite (not a strict maximum)',
  'convergence-gradient': "lme4's checkConv: the deviance gradient in the covariance parameters, scaled by the Hessian, exceeds 0.002 at the estimate; field maxScaledGradient",
  'convergence-hessian': 'the deviance Hessian in the covariance parameters has negative eigenvalues (a saddle point, not a minimum); field negative',
  'nearly-unidentifiable': "the deviance Hessian's eigenvalue ratio in the covariance parameters exceeds 1e6; field ratio",
  'optimizer-retried': 'the optimizer did not converge and the next method in `method` was tried; field method',
  'not-converged': 'the optimizer did not converge (iteration limit or no progress); field gradNorm when known',
  'bootstrap-failures': 'some bootstrap replicates failed to fit or did not converge; fields failed, notConverged',
  'bootstrap-boundary': 'some bootstrap replicates ended on the boundary (a variance of zero); field atBoundary',
  'data-changed': 'the data differ from those the saved fit was made from and the user allowed it; fields saved, current',
  'term-not-identifiable': 'a random term whose column is constant within every level of its factor (its variance and correlations are not identified); fields term, column',
  legacy: 'a warning read from a version-2 saved fit, which stored the message only',
} as const;

/** A stable warning code (see {@link WARNING_CODES}). */
export type WarningCode = keyof typeof WARNING_CODES;

/**
 * A structured warning: a stable `code`, a human `message`, and fields
 * specific to the code (e.g. `count` for `missing-dropped`).
 *
 * @example
 * ```ts
 * const w: MixedLMWarning = { code: 'missing-dropped', message: 'dropped 3 rows with missing values', count: 3 };
 * ```
 */
export interface MixedLMWarning {
  code: WarningCode;
  message: string;
  [extra: string]: unknown;
}

/**
 * True when `x` is a known warning code.
 *
 * @example
 * ```ts
 * isWarningCode('boundary'); // true
 * ```
 */
export function isWarningCode(x: unknown): x is WarningCode {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(WARNING_CODES, x);
}
