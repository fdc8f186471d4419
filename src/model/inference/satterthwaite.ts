/**
 * Satterthwaite's denominator degrees of freedom (as lmerTest computes them,
 * Kuznetsova, Brockhoff & Christensen 2017): for a contrast l,
 * ν = 2 f² / (∇fᵀ A ∇f) with f = Var(lᵀβ̂) = σ² lᵀH⁻¹l, the gradient taken
 * over all covariance parameters (ψ, σ²) and A their asymptotic covariance,
 * the inverse observed information of the unprofiled (restricted) likelihood.
 * ν does not depend on the parameterization at an interior optimum, so we
 * use (ψ, σ²) with the analytic ψ-derivatives: ∂f/∂ψ_j = σ²(H⁻¹l)ᵀ xtax_j (H⁻¹l),
 * ∂f/∂σ² = lᵀH⁻¹l. Multi-row hypotheses: the eigen-decomposition of L Var Lᵀ
 * into independent t statistics, F = mean of t², ν from the matched moment
 * of Σ tₘ² (Fai & Cornelius 1996).
 */
import type { CovarianceDerivatives } from './parts.js';
import { spdInverse, symEigen, symPinv } from './linalg.js';

/**
 * The asymptotic covariance A of (ψ, σ²) ((m + 1)², σ² last) from the Hessian of
 * the scale-profiled log-likelihood ℓ_p(β, ψ): profile β out (Schur complement),
 * then un-profile σ² with ℓ(ψ, σ²) = ℓ_p(ψ) + (terms in q(ψ), σ²):
 * ℓ_ψψ = P − fac·aaᵀ/2, ℓ_ψσ² = fac·a/(2σ²), ℓ_σ²σ² = −fac/(2σ⁴), a = ∂log q/∂ψ = −Bv/q.
 * A = (−∇²ℓ)⁺ (pseudo-inverse, as lmerTest's).
 *
 * @example
 * ```ts
 * const A = varParCovariance(covarianceDerivatives(r));
 * ```
 */
export function varParCovariance(d: CovarianceDerivatives): Float64Array {
  const { p, m, fac, qf, scale: s } = d;
  const k = p + m;
  const K = d.hess;
  // Kββ⁻¹ = −(qf/fac) H⁻¹
  const P = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let v = K[(p + i) * k + p + j]!;
      for (let a = 0; a < p; a++) {
        const kia = K[(p + i) * k + a]!;
        if (kia === 0) continue;
        for (let b = 0; b < p; b++) v += kia * (qf / fac) * d.Hinv[a * p + b]! * K[b * k + p + j]!;
      }
      P[i * m + j] = v;
    }
  const n1 = m + 1;
  const J = new Float64Array(n1 * n1);
  const a = Float64Array.from(d.Bv, (b) => -b / qf);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) J[i * n1 + j] = -(P[i * m + j]! - (fac * a[i]! * a[j]!) / 2);
    const v = -(fac * a[i]!) / (2 * s);
    J[i * n1 + m] = v;
    J[m * n1 + i] = v;
  }
  J[m * n1 + m] = fac / (2 * s * s);
  // a variance at the boundary (ψ ≈ 0) is not a free parameter: lmerTest's θ = √ψ has zero
  // gradient of Var(lᵀβ̂) and no curvature coupling there, so it drops out; do the same
  const keep = Array.from({ length: n1 }, (_, i) => i).filter((i) => i === m || !atBoundary(d, i));
  const nk = keep.length;
  const Jk = new Float64Array(nk * nk);
  for (let a = 0; a < nk; a++) for (let b = 0; b < nk; b++) Jk[a * nk + b] = J[keep[a]! * n1 + keep[b]!]!;
  const Ak = spdInverse(Jk, nk) ?? symPinv(Jk, nk, 1e-10).inv;
  const A = new Float64Array(n1 * n1);
  for (let a = 0; a < nk; a++) for (let b = 0; b < nk; b++) A[keep[a]! * n1 + keep[b]!] = Ak[a * nk + b]!;
  return A;
}

/** Boundary: ψ_j belongs to a row/column whose variance (block diagonal) is ≤ 1e-8 (θ ≤ 1e-4). */
function atBoundary(d: CovarianceDerivatives, j: number): boolean {
  const tol = 1e-8;
  const { block, a, b } = d.psiBlock[j]!;
  const diag = (i: number): number => d.psi[d.psiBlock.findIndex((x) => x.block === block && x.a === i && x.b === i)]!;
  return diag(a) <= tol || diag(b) <= tol;
}

/**
 * f = lᵀVar(β̂)l and its gradient over (ψ, σ²) (length m + 1).
 *
 * @example
 * ```ts
 * const { f, grad } = contrastVarianceGradient(d, [0, 1]);
 * ```
 */
export function contrastVarianceGradient(d: CovarianceDerivatives, l: ArrayLike<number>): { f: number; grad: Float64Array } {
  const { p, m, scale: s } = d;
  const hl = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let v = 0;
    for (let j = 0; j < p; j++) v += d.Hinv[i * p + j]! * l[j]!;
    hl[i] = v;
  }
  let lhl = 0;
  for (let i = 0; i < p; i++) lhl += l[i]! * hl[i]!;
  const grad = new Float64Array(m + 1);
  for (let j = 0; j < m; j++) {
    const x = d.xtax[j]!;
    let v = 0;
    for (let a = 0; a < p; a++) {
      const ha = hl[a]!;
      if (ha === 0) continue;
      for (let b = 0; b < p; b++) v += ha * x[a * p + b]! * hl[b]!;
    }
    grad[j] = s * v;
  }
  grad[m] = lhl;
  return { f: s * lhl, grad };
}

/**
 * Satterthwaite df of one contrast l (A from {@link varParCovariance}).
 *
 * @example
 * ```ts
 * satterthwaiteDf(d, A, [0, 1]); // ≈ 17 for sleepstudy's Days
 * ```
 */
export function satterthwaiteDf(d: CovarianceDerivatives, A: Float64Array, l: ArrayLike<number>): number {
  const { f, grad } = contrastVarianceGradient(d, l);
  const n1 = d.m + 1;
  let q = 0;
  for (let i = 0; i < n1; i++) for (let j = 0; j < n1; j++) q += grad[i]! * A[i * n1 + j]! * grad[j]!;
  return (2 * f * f) / q;
}

/**
 * lmerTest's combination of the per-direction df νₘ into the F statistic's
 * denominator df: E = Σ νₘ/(νₘ − 2), ν = 2E/(E − q) (2 when some νₘ ≤ 2;
 * the common value when they agree).
 *
 * @example
 * ```ts
 * combineFDf([10, 20]); // 14.0…
 * ```
 */
export function combineFDf(nu: readonly number[]): number {
  if (nu.length === 1) return nu[0]!;
  if (nu.every((x) => Math.abs(x - nu[0]!) < 1e-8)) return nu.reduce((a, b) => a + b, 0) / nu.length;
  if (nu.some((x) => x <= 2)) return 2;
  const E = nu.reduce((a, x) => a + x / (x - 2), 0);
  return (2 * E) / (E - nu.length);
}

/**
 * Satterthwaite F test of Lβ = 0 (L: q rows of length p, full row rank; checked by the caller).
 *
 * @example
 * ```ts
 * satterthwaiteF(d, A, [[0, 1, 0], [0, 0, 1]]); // { F, numDf: 2, denDf }
 * ```
 */
export function satterthwaiteF(d: CovarianceDerivatives, A: Float64Array, L: readonly (readonly number[])[]): { F: number; numDf: number; denDf: number } {
  const p = d.p;
  const q = L.length;
  const s = d.scale;
  // VL = σ² L H⁻¹ Lᵀ
  const VL = new Float64Array(q * q);
  const LH = L.map((row) => {
    const o = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let v = 0;
      for (let a = 0; a < p; a++) v += row[a]! * d.Hinv[a * p + j]!;
      o[j] = v;
    }
    return o;
  });
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) VL[i * q + j] = s * LH[i]!.reduce((acc, v, a) => acc + v * L[j]![a]!, 0);
  const { values, vectors } = symEigen(VL, q);
  let F = 0;
  const nu: number[] = [];
  for (let k = 0; k < q; k++) {
    // direction PₖᵀL
    const l = new Float64Array(p);
    for (let i = 0; i < q; i++) {
      const w = vectors[i * q + k]!;
      for (let j = 0; j < p; j++) l[j]! += w * L[i]![j]!;
    }
    let est = 0;
    for (let j = 0; j < p; j++) est += l[j]! * d.beta[j]!;
    F += (est * est) / values[k]!;
    nu.push(satterthwaiteDf(d, A, l));
  }
  return { F: F / q, numDf: q, denDf: combineFDf(nu) };
}
