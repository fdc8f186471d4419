/**
 * Method-of-moments start for cov_re/scale of a grouped model with one
 * k-column block per group (kVc = 0), from the per-level cross products alone
 * (so rows in memory and an engine's aggregates give the same start).
 */
import { backSolve, cholInPlace, forwardSolve } from '../dense.js';
import type { LevelCrossProducts } from './level-cross.js';

/** Pivots below this fraction of their diagonal entry count as zero (a dependent column of Z_g). */
const RANK_TOL = 1e-10;

/**
 * (Z_gᵀr)ᵀ A_g⁺ (Z_gᵀr), returned, and rank(A_g), in `out[0]`, for a k × k
 * positive semidefinite A_g (row-major at `A[oa..]`): a Cholesky that drops
 * dependent columns (no allocation: called once per level).
 */
function projection(A: Float64Array, oa: number, k: number, zr: Float64Array, Lw: Float64Array, x: Float64Array, out: Int32Array): number {
  let rank = 0;
  let proj = 0;
  for (let j = 0; j < k; j++) {
    let d = A[oa + j * k + j]!;
    for (let m = 0; m < j; m++) d -= Lw[j * k + m]! * Lw[j * k + m]!;
    if (!(d > RANK_TOL * Math.abs(A[oa + j * k + j]!))) {
      for (let i = j; i < k; i++) Lw[i * k + j] = 0;
      x[j] = 0;
      continue;
    }
    const ljj = Math.sqrt(d);
    Lw[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = A[oa + i * k + j]!;
      for (let m = 0; m < j; m++) s -= Lw[i * k + m]! * Lw[j * k + m]!;
      Lw[i * k + j] = s / ljj;
    }
    // x = L⁻¹ zr (live columns only)
    let s = zr[j]!;
    for (let m = 0; m < j; m++) s -= Lw[j * k + m]! * x[m]!;
    x[j] = s / ljj;
    proj += x[j]! * x[j]!;
    rank++;
  }
  out[0] = rank;
  return proj;
}

/**
 * With OLS residuals r = y − Xβ̂: σ̂² = (rᵀr − Σ_g (Z_gᵀr)ᵀA_g⁺(Z_gᵀr)) / (n − Σ_g rank A_g)
 * (the residual of y on X and every group's Z_g), and Ψ̂ from the moment
 * equations Σ_g A_g Ψ A_g = Σ_g (Z_gᵀr)(Z_gᵀr)ᵀ − σ̂² Σ_g A_g. Returns Ψ̂/σ̂²
 * (k × k rows), made positive definite, or null.
 *
 * @example
 * ```ts
 * const cov0 = momentStartGrouped(levelCrossFromRows(design, part)); // e.g. [[0.9, 0.1], [0.1, 0.2]]
 * ```
 */
export function momentStartGrouped(lc: LevelCrossProducts): number[][] | null {
  const { k, p, nGroups: G, A, B, c, Q0 } = lc;
  const p1 = p + 1;
  // OLS: β = (XᵀX)⁻¹ Xᵀy
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let s = 0; s < p; s++) {
    xty[s] = Q0[s * p1 + p]!;
    for (let t = 0; t < p; t++) xtx[s * p + t] = Q0[s * p1 + t]!;
  }
  if (cholInPlace(xtx, 0, p) >= 0) return null;
  const beta = Float64Array.from(xty);
  forwardSolve(xtx, 0, p, beta, 0, 1);
  backSolve(xtx, 0, p, beta, 0, 1);
  // rᵀr = yᵀy − 2βᵀXᵀy + βᵀXᵀXβ
  let rr = Q0[p * p1 + p]!;
  for (let s = 0; s < p; s++) {
    rr -= 2 * beta[s]! * Q0[s * p1 + p]!;
    for (let t = 0; t < p; t++) rr += beta[s]! * Q0[s * p1 + t]! * beta[t]!;
  }
  const m = (k * (k + 1)) / 2;
  const pa: number[] = [];
  const pb: number[] = [];
  for (let a = 0; a < k; a++)
    for (let b = 0; b <= a; b++) {
      pa.push(a);
      pb.push(b);
    }
  const zr = new Float64Array(k);
  const Lw = new Float64Array(k * k);
  const x = new Float64Array(k);
  const zz = new Float64Array(k * k); // Σ (Zᵀr)(Zᵀr)ᵀ
  const sA = new Float64Array(k * k); // Σ A
  const C = new Float64Array(m * m); // Σ_g coefficients of ψ_ab in (A Ψ A)_ij
  const rk = new Int32Array(1);
  const pai = Int32Array.from(pa);
  const pbi = Int32Array.from(pb);
  let proj = 0;
  let rank = 0;
  for (let g = 0; g < G; g++) {
    const oa = g * k * k;
    const ob = g * k * p;
    for (let a = 0; a < k; a++) {
      let v = c[g * k + a]!;
      for (let t = 0; t < p; t++) v -= B[ob + a * p + t]! * beta[t]!;
      zr[a] = v;
    }
    for (let a = 0; a < k * k; a++) sA[a]! += A[oa + a]!;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) zz[a * k + b]! += zr[a]! * zr[b]!;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        const ii = pai[i]!;
        const jj = pbi[i]!;
        const a = pai[j]!;
        const b = pbi[j]!;
        let v = A[oa + ii * k + a]! * A[oa + b * k + jj]!;
        if (a !== b) v += A[oa + ii * k + b]! * A[oa + a * k + jj]!;
        C[i * m + j]! += v;
      }
    proj += projection(A, oa, k, zr, Lw, x, rk);
    rank += rk[0]!;
  }
  const df = lc.n - rank;
  const rss = rr - proj;
  if (!(df > 0) || !(rss > 0)) return null;
  const s2 = rss / df;
  const rhs = new Float64Array(m);
  for (let i = 0; i < m; i++) rhs[i] = zz[pa[i]! * k + pb[i]!]! - s2 * sA[pa[i]! * k + pb[i]!]!;
  const sol = solveSmall(C, rhs, m);
  if (!sol) return null;
  const psi: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < m; j++) {
    psi[pa[j]!]![pb[j]!] = sol[j]! / s2;
    psi[pb[j]!]![pa[j]!] = sol[j]! / s2;
  }
  // positive definite: floor the variances, shrink the correlations if needed
  for (let a = 0; a < k; a++) if (!(psi[a]![a]! > 1e-2)) psi[a]![a] = 1e-2;
  for (let shrink = 1; shrink >= 0; shrink -= 0.25) {
    const t = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) t[a * k + b] = a === b ? psi[a]![a]! : shrink * psi[a]![b]!;
    if (cholInPlace(t, 0, k) < 0) return psi.map((r, a) => r.map((v, b) => (a === b ? v : shrink * v)));
  }
  return null;
}

/** Solve the small dense system C x = r (m × m row-major) by Gaussian elimination with partial pivoting; null if singular. */
function solveSmall(C: Float64Array, r: Float64Array, m: number): Float64Array | null {
  const a = Float64Array.from(C);
  const x = Float64Array.from(r);
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let i = c + 1; i < m; i++) if (Math.abs(a[i * m + c]!) > Math.abs(a[piv * m + c]!)) piv = i;
    const pv = a[piv * m + c]!;
    if (!(Math.abs(pv) > 0)) return null;
    if (piv !== c) {
      for (let j = 0; j < m; j++) {
        const t = a[c * m + j]!;
        a[c * m + j] = a[piv * m + j]!;
        a[piv * m + j] = t;
      }
      const t = x[c]!;
      x[c] = x[piv]!;
      x[piv] = t;
    }
    for (let i = c + 1; i < m; i++) {
      const f = a[i * m + c]! / pv;
      if (f === 0) continue;
      for (let j = c; j < m; j++) a[i * m + j]! -= f * a[c * m + j]!;
      x[i]! -= f * x[c]!;
    }
  }
  for (let i = m - 1; i >= 0; i--) {
    let v = x[i]!;
    for (let j = i + 1; j < m; j++) v -= a[i * m + j]! * x[j]!;
    x[i] = v / a[i * m + i]!;
  }
  return x;
}
