import type { GroupedDesign } from '../design.js';
import { groupLayout, zRowEach } from '../design.js';

/**
 * Moment sums for a variance-components model at residual r (one pass):
 * N_kl = Σ_g ‖A_g,kl‖²_F, T_k = Σ_g tr(A_g,kk), S_k = Σ_g Σ_{j∈k} (Z_gᵀr)_j², with A_g = Z_gᵀZ_g.
 *
 * @example
 * ```ts
 * const { N, T, S } = momentSums(design, beta);
 * ```
 */
export function momentSums(d: GroupedDesign, beta: Float64Array): { N: Float64Array; T: Float64Array; S: Float64Array } {
  const kv = d.kVc;
  const p = d.p;
  const N = new Float64Array(kv * kv);
  const T = new Float64Array(kv);
  const S = new Float64Array(kv);
  for (let g = 0; g < d.rows.length; g++) {
    const lay = groupLayout(d, g);
    const q = lay.q;
    const comp = new Int32Array(q).fill(-1);
    for (let k = 0; k < kv; k++) for (let j = 0; j < lay.sizes[k]!; j++) comp[lay.starts[k]! + j] = k;
    const A = new Map<number, number>();
    const s = new Float64Array(q);
    const rows = d.rows[g]!;
    const ix: number[] = [];
    const vx: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      let res = d.y[r]!;
      for (let t = 0; t < p; t++) res -= d.X[r * p + t]! * beta[t]!;
      ix.length = 0;
      vx.length = 0;
      zRowEach(d, g, i, lay.starts, (j, v) => {
        ix.push(j);
        vx.push(v);
        s[j]! += v * res;
      });
      for (let a = 0; a < ix.length; a++)
        for (let b = 0; b < ix.length; b++) {
          const key = ix[a]! * q + ix[b]!;
          A.set(key, (A.get(key) ?? 0) + vx[a]! * vx[b]!);
        }
    }
    for (const [key, v] of A) {
      const i = Math.floor(key / q);
      const j = key - i * q;
      const ki = comp[i]!;
      const kj = comp[j]!;
      if (ki < 0 || kj < 0) continue;
      N[ki * kv + kj]! += v * v;
      if (i === j) T[ki]! += v;
    }
    for (let j = 0; j < q; j++) if (comp[j]! >= 0) S[comp[j]!]! += s[j]! * s[j]!;
  }
  return { N, T, S };
}

/**
 * Method-of-moments variance ratios: solves E[S_k] = Σ_l σ_l² N_kl + σ²T_k and
 * E[rᵀr] = Σ_l σ_l² T_l + (n − p)σ² for (σ_l², σ²); returns ψ_l = σ_l²/σ²
 * floored at 0.01, or null when the system is singular or σ² ≤ 0.
 *
 * @example
 * ```ts
 * const psi = momentSolve(N, T, S, rss, n, p);
 * ```
 */
export function momentSolve(N: Float64Array, T: Float64Array, S: Float64Array, rss: number, n: number, p: number): Float64Array | null {
  const kv = T.length;
  const K = kv + 1;
  const w = K + 1;
  const E = new Float64Array(K * w);
  for (let k = 0; k < kv; k++) {
    for (let l = 0; l < kv; l++) E[k * w + l] = N[k * kv + l]!;
    E[k * w + kv] = T[k]!;
    E[kv * w + k] = T[k]!;
    E[k * w + K] = S[k]!;
  }
  E[kv * w + kv] = n - p;
  E[kv * w + K] = rss;
  for (let c = 0; c < K; c++) {
    let piv = c;
    for (let r = c + 1; r < K; r++) if (Math.abs(E[r * w + c]!) > Math.abs(E[piv * w + c]!)) piv = r;
    if (E[piv * w + c] === 0) return null;
    for (let t = 0; t < w; t++) {
      const a = E[c * w + t]!;
      E[c * w + t] = E[piv * w + t]!;
      E[piv * w + t] = a;
    }
    for (let r = 0; r < K; r++) {
      if (r === c) continue;
      const f = E[r * w + c]! / E[c * w + c]!;
      if (f !== 0) for (let t = c; t < w; t++) E[r * w + t]! -= f * E[c * w + t]!;
    }
  }
  const s2 = E[kv * w + K]! / E[kv * w + kv]!;
  if (!(s2 > 0) || !Number.isFinite(s2)) return null;
  const out = new Float64Array(kv);
  for (let k = 0; k < kv; k++) {
    const v = E[k * w + K]! / E[k * w + k]! / s2;
    if (!Number.isFinite(v)) return null;
    out[k] = Math.max(v, 0.01);
  }
  return out;
}

/**
 * One-way surrogate of one variance component's profile score around ψ₀: each
 * level j is treated as a one-way random effect with diagonal entry W_j =
 * (ZᵀV⁻¹Z)_jj and u_j = (ZᵀV⁻¹r)_j, so that W_j(ψ) = W_j/(1 + W_j t),
 * u_j(ψ) = u_j/(1 + W_j t), qf(ψ) = qf − Σ u_j² t/(1 + W_j t) (t = ψ − ψ₀), and
 * s(ψ) = ½N Σu_j(ψ)²/qf(ψ) − ½ΣW_j(ψ) + (score − s(ψ₀)) (offset: REML and
 * crossing terms held fixed). Returns the root ψ* of s (bisection, kept in
 * [ψ₀/100, 100ψ₀]) and the surrogate's curvature of −loglike in λ = √ψ at ψ₀:
 * h = −2s − 4ψ₀ s′(ψ₀), s′ = −(N/qf)ΣW u² + (N/2qf²)(Σu²)² + ½ΣW².
 * Null when the inputs are not finite.
 *
 * @example
 * ```ts
 * const { psi, h } = oneWaySurrogate(W, u, 0.01, score, n - p, qf)!;
 * ```
 */
export function oneWaySurrogate(
  W: Float64Array,
  u: Float64Array,
  psi0: number,
  score: number,
  N: number,
  qf: number,
): { psi: number; h: number } | null {
  const m = W.length;
  let w2 = 0;
  let wu2 = 0;
  let u2 = 0;
  let w1 = 0;
  for (let i = 0; i < m; i++) {
    const w = W[i]!;
    const uu = u[i]! * u[i]!;
    w1 += w;
    w2 += w * w;
    wu2 += w * uu;
    u2 += uu;
  }
  const ds = -(N / qf) * wu2 + (N / (2 * qf * qf)) * u2 * u2 + 0.5 * w2;
  const h = -2 * score - 4 * psi0 * ds;
  const off = score - (0.5 * N * u2) / qf + 0.5 * w1;
  if (!Number.isFinite(h) || !Number.isFinite(off) || !(psi0 > 0)) return null;
  // s(ψ₀ + t)
  const s = (t: number): number => {
    let a = 0;
    let b = 0;
    let c = 0;
    for (let i = 0; i < m; i++) {
      const d = 1 + W[i]! * t;
      const uu = u[i]! * u[i]!;
      a += uu / (d * d);
      b += W[i]! / d;
      c += (uu * t) / d;
    }
    const q = qf - c;
    // qf(ψ) ≤ 0: past the surrogate's range, treated as beyond the root
    return q > 0 ? (0.5 * N * a) / q - 0.5 * b + off : -Infinity;
  };
  let lo = -0.99 * psi0;
  let hi = 0;
  if (s(0) > 0) {
    // root above ψ₀: grow the bracket
    lo = 0;
    hi = psi0;
    while (s(hi) > 0) {
      lo = hi;
      if (hi >= 99 * psi0) return { psi: psi0 + hi, h };
      hi = Math.min(2 * hi, 99 * psi0);
    }
  } else if (!(s(lo) > 0)) return { psi: psi0 + lo, h };
  for (let it = 0; it < 60 && hi - lo > 1e-10 * psi0; it++) {
    const mid = 0.5 * (lo + hi);
    if (s(mid) > 0) lo = mid;
    else hi = mid;
  }
  const psi = psi0 + 0.5 * (lo + hi);
  return Number.isFinite(psi) ? { psi, h } : null;
}
