/**
 * Kenward & Roger (1997) small-sample inference for REML fits, with the
 * covariance in its linear parameterization τ = (tril(cov_re), vcomp, σ²)
 * on the data scale, V = Σ τ_i G_i (G_i = ZE_iZᵀ, G_σ² = I), as pbkrtest
 * (Halekoh & Højsgaard 2014). Every n × n product reduces to Z-side sums the
 * likelihood's Hessian already forms (V = σ²V₀, Ψ = Σψ_kE_k, V₀⁻¹ = I − ZΨZᵀV₀⁻¹):
 *   P_i = −XᵀV⁻¹G_iV⁻¹X:  −xtax_i/σ⁴,  P_σ² = −(H − Σψ_k xtax_k)/σ⁴
 *   Q_ij = XᵀV⁻¹G_iV⁻¹G_jV⁻¹X:  Qt_ij/σ⁶,  Q_iσ² = (xtax_i − Σψ_k Qt_ik)/σ⁶,
 *          Q_σ²σ² = (H − 2Σψ_k xtax_k + Σψ_kψ_l Qt_kl)/σ⁶
 *   K_ij = tr(V⁻¹G_iV⁻¹G_j):  T_ij/σ⁴,  K_iσ² = (t_i − Σψ_k T_ik)/σ⁴,
 *          K_σ²σ² = (n − 2Σψ_k t_k + Σψ_kψ_l T_kl)/σ⁴
 * with H = XᵀV₀⁻¹X, xtax_i = GᵀE_iG, Qt_ij = GᵀE_iWE_jG, t_i = tr(E_iW),
 * T_ij = tr(E_iWE_jW) (G = ZᵀV₀⁻¹X, W = ZᵀV₀⁻¹Z). Then, with Φ = σ²H⁻¹:
 *   I_ij = K_ij − 2 tr(ΦQ_ij) + tr(ΦP_iΦP_j) (= tr(ΠG_iΠG_j), the expected REML information ×2),
 *   W = 2 I⁻¹,  Φ_A = Φ + 2Φ{Σ_ij W_ij (Q_ij − P_iΦP_j)}Φ   (R_ij = 0: V is linear in τ).
 */
import type { CovarianceDerivatives } from './parts.js';
import { matMul, spdInverse, symPinv, traceProd } from './linalg.js';

/**
 * The adjusted covariance Φ_A of β̂ and what the df need.
 *
 * @example
 * ```ts
 * const kr = kenwardRogerAdjust(covarianceDerivatives(r)); kr.phiA;
 * ```
 */
export interface KenwardRogerAdjusted {
  p: number;
  /** Φ = σ²H⁻¹ and Φ_A (p × p) */
  phi: Float64Array;
  phiA: Float64Array;
  /** P_i (p × p each, m + 1 of them) */
  P: Float64Array[];
  /** W = 2 I⁻¹ ((m + 1)²) */
  W: Float64Array;
}

/**
 * Φ_A, P_i and W for a REML fit's derivative pieces (see the module comment).
 *
 * @example
 * ```ts
 * kenwardRogerAdjust(d).phiA;
 * ```
 */
export function kenwardRogerAdjust(d: CovarianceDerivatives): KenwardRogerAdjusted {
  const { p, m, psi, H } = d;
  const s = d.scale;
  const pp = p * p;
  const n1 = m + 1;
  const s2 = s * s;
  const s3 = s2 * s;
  const phi = Float64Array.from(d.Hinv, (v) => v * s);
  // Σψ_k xtax_k, (ΣψQt)_i = Σ_k ψ_k Qt_ik
  const psiX = new Float64Array(pp);
  for (let k = 0; k < m; k++) for (let t = 0; t < pp; t++) psiX[t]! += psi[k]! * d.xtax[k]![t]!;
  const psiQ: Float64Array[] = [];
  for (let i = 0; i < m; i++) {
    const o = new Float64Array(pp);
    for (let k = 0; k < m; k++) {
      const Q = d.Qt[i * m + k]!;
      for (let t = 0; t < pp; t++) o[t]! += psi[k]! * Q[t]!;
    }
    psiQ.push(o);
  }
  const P: Float64Array[] = [];
  for (let i = 0; i < m; i++) P.push(Float64Array.from(d.xtax[i]!, (v) => -v / s2));
  P.push(Float64Array.from(H, (v, t) => -(v - psiX[t]!) / s2));
  // Q(i, j) for i, j ∈ 0..m (m = σ²)
  const Q = (i: number, j: number): Float64Array => {
    if (i < m && j < m) return Float64Array.from(d.Qt[i * m + j]!, (v) => v / s3);
    if (i < m) return Float64Array.from(d.xtax[i]!, (v, t) => (v - psiQ[i]![t]!) / s3);
    if (j < m) {
      const o = new Float64Array(pp);
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) o[a * p + b] = (d.xtax[j]![b * p + a]! - psiQ[j]![b * p + a]!) / s3;
      return o;
    }
    const o = new Float64Array(pp);
    for (let t = 0; t < pp; t++) o[t] = H[t]! - 2 * psiX[t]!;
    for (let k = 0; k < m; k++) for (let t = 0; t < pp; t++) o[t]! += psi[k]! * psiQ[k]![t]!;
    for (let t = 0; t < pp; t++) o[t]! /= s3;
    return o;
  };
  // K
  const K = new Float64Array(n1 * n1);
  let kss = d.n;
  for (let i = 0; i < m; i++) {
    let ti = d.t[i]!;
    for (let k = 0; k < m; k++) {
      K[i * n1 + k] = d.T[i * m + k]! / s2;
      ti -= psi[k]! * d.T[i * m + k]!;
    }
    K[i * n1 + m] = ti / s2;
    K[m * n1 + i] = ti / s2;
    kss -= 2 * psi[i]! * d.t[i]!;
    for (let k = 0; k < m; k++) kss += psi[i]! * psi[k]! * d.T[i * m + k]!;
  }
  K[m * n1 + m] = kss / s2;
  const PhiP = P.map((Pi) => matMul(phi, Pi, p));
  const Qs: Float64Array[] = new Array(n1 * n1);
  const I = new Float64Array(n1 * n1);
  for (let i = 0; i < n1; i++)
    for (let j = i; j < n1; j++) {
      const Qij = Q(i, j);
      Qs[i * n1 + j] = Qij;
      const v = K[i * n1 + j]! - 2 * traceProd(phi, Qij, p) + traceProd(PhiP[i]!, PhiP[j]!, p);
      I[i * n1 + j] = v;
      I[j * n1 + i] = v;
    }
  const Iinv = spdInverse(I, n1) ?? symPinv(I, n1, 1e-10).inv;
  const W = Float64Array.from(Iinv, (v) => 2 * v);
  // U = Σ_ij W_ij (Q_ij − P_iΦP_j): the pair (i, j), i < j, and its mirror give U_ij + U_ijᵀ
  const U = new Float64Array(pp);
  for (let i = 0; i < n1; i++)
    for (let j = i; j < n1; j++) {
      const w = W[i * n1 + j]!;
      const Qij = Qs[i * n1 + j]!;
      const PPP = matMul(P[i]!, PhiP[j]!, p);
      for (let a = 0; a < p; a++)
        for (let b = 0; b < p; b++) {
          const x = w * (Qij[a * p + b]! - PPP[a * p + b]!);
          U[a * p + b]! += x;
          if (i !== j) U[b * p + a]! += x;
        }
    }
  const PUP = matMul(matMul(phi, U, p), phi, p);
  const phiA = Float64Array.from(phi, (v, t) => v + 2 * PUP[t]!);
  return { p, phi, phiA, P, W };
}

/**
 * Kenward–Roger's F scaling λ and denominator df m for Lβ = 0 (L: q rows of
 * length p, full row rank): Θ = Lᵀ(LΦLᵀ)⁻¹L, A₁ = Σ W_ij tr(ΘΦP_iΦ) tr(ΘΦP_jΦ),
 * A₂ = Σ W_ij tr(ΘΦP_iΦΘΦP_jΦ), B = (A₁ + 6A₂)/(2q), g = ((q+1)A₁ − (q+4)A₂)/((q+2)A₂),
 * c₁ = g/(3q+2(1−g)), c₂ = (q−g)/(3q+2(1−g)), c₃ = (q+2−g)/(3q+2(1−g)),
 * E⋆ = 1/(1 − A₂/q), V⋆ = (2/q)(1+c₁B)/((1−c₂B)²(1−c₃B)), ρ = V⋆/(2E⋆²),
 * m = 4 + (q+2)/(qρ − 1), λ = m/(E⋆(m − 2)).
 *
 * @example
 * ```ts
 * kenwardRogerDf(kr, [[0, 1]]); // { denDf, scaling }
 * ```
 */
export function kenwardRogerDf(kr: KenwardRogerAdjusted, L: readonly (readonly number[])[]): { denDf: number; scaling: number } {
  const { p, phi, P, W } = kr;
  const q = L.length;
  const n1 = P.length;
  // LΦLᵀ and Θ = Lᵀ(LΦLᵀ)⁻¹L
  const LPhi = L.map((row) => {
    const o = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let v = 0;
      for (let a = 0; a < p; a++) v += row[a]! * phi[a * p + j]!;
      o[j] = v;
    }
    return o;
  });
  const M = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) M[i * q + j] = LPhi[i]!.reduce((acc, v, a) => acc + v * L[j]![a]!, 0);
  const Mi = spdInverse(M, q) ?? symPinv(M, q).inv;
  const Theta = new Float64Array(p * p);
  for (let i = 0; i < q; i++)
    for (let j = 0; j < q; j++) {
      const w = Mi[i * q + j]!;
      if (w === 0) continue;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) Theta[a * p + b]! += L[i]![a]! * w * L[j]![b]!;
    }
  const ThetaPhi = matMul(Theta, phi, p);
  const Ui = P.map((Pi) => matMul(matMul(ThetaPhi, Pi, p), phi, p));
  const tr = Ui.map((u) => {
    let s = 0;
    for (let a = 0; a < p; a++) s += u[a * p + a]!;
    return s;
  });
  let A1 = 0;
  let A2 = 0;
  for (let i = 0; i < n1; i++)
    for (let j = 0; j < n1; j++) {
      const w = W[i * n1 + j]!;
      A1 += w * tr[i]! * tr[j]!;
      A2 += w * traceProd(Ui[i]!, Ui[j]!, p);
    }
  const B = (A1 + 6 * A2) / (2 * q);
  const g = ((q + 1) * A1 - (q + 4) * A2) / ((q + 2) * A2);
  const den = 3 * q + 2 * (1 - g);
  const c1 = g / den;
  const c2 = (q - g) / den;
  const c3 = (q + 2 - g) / den;
  const V0 = Math.abs(1 + c1 * B) < 1e-10 ? 0 : 1 + c1 * B;
  const V1 = 1 - c2 * B;
  const V2 = 1 - c3 * B;
  // ρ = V⋆/(2E⋆²) = (1/q)((1 − A₂/q)/V₁)² V₀/V₂
  const rho = (1 / q) * ((1 - A2 / q) / V1) ** 2 * (V0 / V2);
  const denDf = 4 + (q + 2) / (q * rho - 1);
  const scaling = Math.abs(denDf - 4) < 1e-2 ? 1 : (denDf * (1 - A2 / q)) / (denDf - 2);
  return { denDf, scaling };
}
