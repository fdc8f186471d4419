/**
 * Convergence diagnostics at the optimum, in the spirit of lme4's `checkConv`:
 * the gradient of the deviance −2ℓ in the optimizer's covariance parameters θ
 * (the relative Cholesky factors, or ψ itself with `useSqrt: false`), that
 * gradient scaled by the Hessian (s = C⁻¹g with CCᵀ the deviance Hessian, so
 * ‖s‖² is what a Newton step would still gain), and the Hessian's
 * eigenvalues. θ is relative to σ, so none of it depends on the units of y.
 *
 * The θ-Hessian comes from the analytic ψ-Hessian already computed for the
 * standard errors: β profiled out by its Schur complement, then JᵀSJ with
 * J = ∂ψ/∂θ. (The second-order term Σ g_ψ ∂²ψ/∂θ² vanishes at an interior
 * optimum; parameters on the boundary are reported, not checked.)
 */
import { symEigen } from './inference/linalg.js';
import { choleskyLower, invertEquilibrated } from './dense.js';

/**
 * What `checkConvergence` found.
 *
 * @example
 * ```ts
 * const d = result.convergence!;
 * d.maxScaledGradient < d.tolerance; // true at a clean optimum
 * ```
 */
export interface ConvergenceDiagnostics {
  /** the optimizer's covariance parameters (named as the model's covariance parameters) */
  names: string[];
  /** ∂(−2ℓ)/∂θ at the optimum */
  gradient: number[];
  /** C⁻¹g with CCᵀ the deviance Hessian on the checked parameters (the raw gradient where that Hessian is not positive definite; NaN on the boundary) */
  scaledGradient: number[];
  /** max over checked parameters of min(|scaled|, |raw|), lme4's statistic */
  maxScaledGradient: number;
  /** eigenvalues of the deviance Hessian on the checked parameters, ascending */
  hessianEigenvalues: number[];
  /** parameters on the boundary (a relative Cholesky diagonal below 1e-4), left out of the checks */
  atBoundary: string[];
  /** the gradient tolerance (lme4's default 0.002) */
  tolerance: number;
}

/** lme4's defaults: gradient 2e-3, Hessian 1e-6. */
const GRAD_TOL = 2e-3;
const HESS_TOL = 1e-6;

/**
 * Diagnostics from the deviance gradient and Hessian in θ, and the warnings
 * they raise (`convergence-gradient`, `convergence-hessian`,
 * `nearly-unidentifiable`).
 *
 * @param hessPsi the ψ-Hessian of ℓ over (β, ψ), (p + m)² as rows
 * @param jacobian J = ∂ψ/∂θ (m × m, row-major)
 * @param scoreTheta ∂ℓ/∂θ (m)
 * @param boundary per θ: on the boundary (left out)
 * @param fixed per θ: held fixed by the fit's `free` pattern (left out)
 * @example
 * ```ts
 * const { diagnostics, warnings } = checkConvergence(hess, kFe, J, g, names, boundary, fixed);
 * ```
 */
export function checkConvergence(
  hessPsi: number[][],
  kFe: number,
  jacobian: Float64Array,
  scoreTheta: ArrayLike<number>,
  names: string[],
  boundary: boolean[],
  fixed: boolean[],
): { diagnostics: ConvergenceDiagnostics; warnings: Array<{ code: string; message: string } & Record<string, unknown>> } {
  const m = names.length;
  const S = profiledPsiHessian(hessPsi, kFe, m);
  // deviance Hessian in θ: −2 JᵀSJ; deviance gradient −2g
  const Hd = new Float64Array(m * m);
  for (let a = 0; a < m; a++)
    for (let b = 0; b < m; b++) {
      let v = 0;
      for (let i = 0; i < m; i++) {
        const ja = jacobian[i * m + a]!;
        if (ja === 0) continue;
        for (let j = 0; j < m; j++) v += ja * S[i * m + j]! * jacobian[j * m + b]!;
      }
      Hd[a * m + b] = -2 * v;
    }
  const gradient = Array.from(scoreTheta, (v) => -2 * v);
  const ix = Array.from({ length: m }, (_, i) => i).filter((i) => !boundary[i] && !fixed[i]);
  const k = ix.length;
  const sub = new Float64Array(k * k);
  ix.forEach((a, r) => ix.forEach((b, c) => (sub[r * k + c] = Hd[a * m + b]!)));
  const finite = sub.every(Number.isFinite) && ix.every((i) => Number.isFinite(gradient[i]!));
  const eig = finite && k > 0 ? Array.from(symEigen(sub, k).values).sort((x, y) => x - y) : [];
  const scaledGradient = new Array<number>(m).fill(NaN);
  const chol = finite && k > 0 ? choleskyLower(Array.from({ length: k }, (_, r) => Array.from(sub.subarray(r * k, r * k + k)))) : null;
  if (chol) {
    // s = C⁻¹g (forward substitution)
    const s = new Float64Array(k);
    for (let r = 0; r < k; r++) {
      let v = gradient[ix[r]!]!;
      for (let c = 0; c < r; c++) v -= chol[r]![c]! * s[c]!;
      s[r] = v / chol[r]![r]!;
    }
    ix.forEach((a, r) => (scaledGradient[a] = s[r]!));
  } else ix.forEach((a) => (scaledGradient[a] = gradient[a]!));
  let maxScaled = 0;
  for (const a of ix) maxScaled = Math.max(maxScaled, Math.min(Math.abs(scaledGradient[a]!), Math.abs(gradient[a]!)));
  if (!finite) maxScaled = NaN;
  const warnings: Array<{ code: string; message: string } & Record<string, unknown>> = [];
  if (!(maxScaled <= GRAD_TOL))
    warnings.push({
      code: 'convergence-gradient',
      message: `the optimum is not clean: max |scaled gradient| = ${maxScaled.toPrecision(3)} in the covariance parameters (tolerance ${GRAD_TOL}); refit from these estimates or with another optimizer`,
      maxScaledGradient: maxScaled,
    });
  if (eig.length > 0) {
    const top = Math.max(...eig.map(Math.abs));
    const negative = eig.filter((e) => e < -HESS_TOL * Math.max(top, 1)).length;
    if (negative > 0)
      warnings.push({ code: 'convergence-hessian', message: `degenerate Hessian of the deviance: ${negative} negative eigenvalue${negative > 1 ? 's' : ''} in the covariance parameters (a saddle point, not a minimum)`, negative });
    else if (eig[0]! > 0 && eig[eig.length - 1]! / eig[0]! > 1 / HESS_TOL)
      warnings.push({
        code: 'nearly-unidentifiable',
        message: `the covariance parameters are nearly unidentifiable: the deviance Hessian's eigenvalue ratio is ${(eig[eig.length - 1]! / eig[0]!).toPrecision(3)} (above ${1 / HESS_TOL})`,
        ratio: eig[eig.length - 1]! / eig[0]!,
      });
  }
  return {
    diagnostics: {
      names: names.slice(),
      gradient,
      scaledGradient,
      maxScaledGradient: maxScaled,
      hessianEigenvalues: eig,
      atBoundary: names.filter((_, i) => boundary[i]),
      tolerance: GRAD_TOL,
    },
    warnings,
  };
}

/** S = H_ψψ − H_ψβ H_ββ⁻¹ H_βψ: the Hessian of ℓ in ψ with β at its conditional optimum (m × m). */
function profiledPsiHessian(h: number[][], p: number, m: number): Float64Array {
  const S = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) S[i * m + j] = h[p + i]![p + j]!;
  if (p === 0) return S;
  const hbb = invertEquilibrated(h.slice(0, p).map((r) => r.slice(0, p)));
  if (!hbb) return S.fill(NaN);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let v = 0;
      for (let s = 0; s < p; s++) for (let t = 0; t < p; t++) v += h[p + i]![s]! * hbb[s]![t]! * h[t]![p + j]!;
      S[i * m + j]! -= v;
    }
  return S;
}
