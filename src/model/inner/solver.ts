import type { CscMatrix } from '../../sparse/csc.js';

/**
 * The inner-solver interface shared by the dense per-group path and the
 * sparse single-block (crossed) path. For group g with random-effects design
 * Z (n_g × q), Λ = blockdiag(L, diag(λ_k expanded)) and M = I + ΛᵀZᵀZΛ:
 * log|V| = log|M| and V⁻¹x = x − ZΛM⁻¹ΛᵀZᵀx. All per-evaluation work uses the
 * precomputed A = ZᵀZ, B = ZᵀX, c = Zᵀy.
 *
 * @example
 * ```ts
 * const ld = inner.factor(L, lam, Q); // Q -= Σ (Λᵀ[B c])ᵀ M⁻¹ (Λᵀ[B c])
 * ```
 */
export interface GroupData {
  /** u = ZᵀV⁻¹r (q) */
  u: Float64Array;
  /** v = Λᵀu = M⁻¹Λᵀs (q); conditional mean of the random effects is Λv */
  v: Float64Array;
  /** G = ZᵀV⁻¹X (q × p, row-major) */
  G: Float64Array;
  /** W = ZᵀV⁻¹Z: full (q × q) when requested, else only `wDiag` and the kRe block are valid */
  W: Float64Array | null;
  /** diag(W) (q) */
  wDiag: Float64Array;
  /** W restricted to the leading kRe × kRe block (row-major) */
  wRe: Float64Array;
  /**
   * Per variance component of dimension d > 1 (null for d = 1): W's d × d
   * diagonal blocks, one per level, row-major (level l at offset l·d²).
   */
  wVcBlocks?: (Float64Array | null)[];
}

/**
 * An inner solver's per-group layout and precomputed sums, shared with the
 * ψ-direct solvers (inner/psi.ts): group g's q_g columns (exog_re first, then
 * each variance component's `sizes` columns from `starts`), `comp` the
 * component of each packed column (−1 for exog_re), B = ZᵀX (q × p row-major
 * at oB[g]), c = Zᵀy (at oC[g]) and A = ZᵀZ, dense q_g × q_g blocks at oA[g]
 * or, for the single block, one sparse matrix with both triangles.
 *
 * @example
 * ```ts
 * const s: GroupSums = new DenseInner(design).groupSums(); s.qs.length; // groups
 * ```
 */
export interface GroupSums<A extends DenseBlocks | CscMatrix = DenseBlocks | CscMatrix> {
  kRe: number;
  kVc: number;
  p: number;
  qs: Int32Array;
  oB: Int32Array;
  oC: Int32Array;
  starts: Int32Array;
  sizes: Int32Array;
  comp: Int32Array;
  B: Float64Array;
  c: Float64Array;
  A: A;
}

/** ZᵀZ as dense q_g × q_g blocks, row-major, block g at `oA[g]`. */
export interface DenseBlocks {
  dense: Float64Array;
  oA: Int32Array;
}

/**
 * Index sets of the covariance parameters for the Hessian: parameter j has
 * dV/dψ_j = Z E_j Zᵀ with E_j = Σ_e e_{P_e} e_{Q_e}ᵀ; `vc[j]` is the variance
 * component of parameter j, or −1 for a cov_re entry.
 *
 * @example
 * ```ts
 * const sets: HessianSets = { P: [Int32Array.of(0)], Q: [Int32Array.of(0)], vc: [-1] };
 * ```
 */
export interface HessianSets {
  P: Int32Array[];
  Q: Int32Array[];
  vc: number[];
}

/**
 * W-dependent Hessian sums for j2 ≤ j1 (m × m row-major; F: p × p each):
 * D = Σ u[P2]·W[Q2,P1]·u[Q1], rt = ½ Σ W[Q2,P1]·W[Q1,P2], F = Σ G[P2]ᵀ·W[Q2,P1]·G[Q1].
 *
 * @example
 * ```ts
 * const { D, rt, F } = inner.hessianSums!(0, sets, u, G, true);
 * ```
 */
export interface HessianSums {
  D: Float64Array;
  rt: Float64Array;
  F: Float64Array[];
}

/**
 * Sums over groups that give the score for the exog_re block without a second
 * pass over the groups: with Ĝ = [G ĉ] = [B c] − KᵀR⁻¹Λᵀ[B c] (K = R⁻¹ΛᵀA, so
 * G = ZᵀV⁻¹X and u = ĉ − Gβ = ZᵀV⁻¹r for any β) and W = A − KᵀK = ZᵀV⁻¹Z:
 * `tw[a·k+b] = Σ W_ab`, `P[(a·k+b)·p1² + s·p1 + t] = Σ Ĝ_as Ĝ_bt` (p1 = p + 1).
 *
 * @example
 * ```ts
 * const t = inner.scoreTerms(); // after inner.factor(...)
 * if (t) console.log(t.tw[0]); // Σ_g (ZᵀV⁻¹Z)_00
 * ```
 */
export interface ScoreTerms {
  kRe: number;
  p1: number;
  tw: Float64Array;
  P: Float64Array;
}

/**
 * All Hessian sums over the groups of a uniform grouped design, aggregated in one
 * pass (layout of `LikelihoodCore.hessian`): Bv_j = Σ u_a u_b, fere_j = Σ G_aᵀ u_b,
 * xtax_j = Σ G_aᵀ G_b, and the W sums D, rt, F of {@link HessianSums} (F flattened).
 *
 * @example
 * ```ts
 * const agg = inner.hessianTerms?.(beta, true); // null when the solver cannot aggregate
 * ```
 */
export interface HessianTerms {
  Bv: Float64Array;
  fere: Float64Array;
  xtax: Float64Array;
  D: Float64Array;
  rt: Float64Array;
  F: Float64Array;
}

/** The engine behind one likelihood: per-group factorizations of M. */
export interface InnerSolver {
  readonly nGroups: number;
  readonly kRe: number;
  readonly kVc: number;
  readonly p: number;
  /** Columns of Z in group g. */
  q(g: number): number;
  /** First column of variance component k in group g (columns in the public layout). */
  vcStart(g: number, k: number): number;
  /** Number of columns of variance component k in group g. */
  vcSize(g: number, k: number): number;
  /**
   * Factor every group's M at (L, λ). Subtracts Σ_g (Λᵀ[B c])ᵀM⁻¹(Λᵀ[B c]) from
   * the (p+1)² matrix Q (row-major) and returns Σ log|M_g|, or NaN on failure.
   */
  factor(L: Float64Array, lam: Float64Array, Q: Float64Array): number;
  /** Per-group quantities at the last factorization for residual r = y − Xβ. */
  groupData(g: number, beta: Float64Array, full: boolean): GroupData;
  /** Λ M⁻¹ Λᵀ for group g (q × q row-major): conditional covariance / scale. */
  condCov(g: number): Float64Array;
  /** Optional: the method-of-moments sums (see `momentSums` in moments.ts) at β, computed from A = ZᵀZ. */
  momentSums?(beta: Float64Array): { N: Float64Array; T: Float64Array; S: Float64Array } | null;
  /** Optional: the Hessian takes a dense W from `groupData(g, β, true)` even though `hessianSums` exists (block models of moderate q). */
  preferDenseW?(): boolean;
  /** Optional: the Hessian's W sums without a dense W (large single-group models). */
  hessianSums?(g: number, sets: HessianSets, u: Float64Array, G: Float64Array, reml: boolean): HessianSums;
  /** Optional: the score's group sums, accumulated during the last `factor` (null when not available). */
  scoreTerms?(): ScoreTerms | null;
  /** Optional: all Hessian sums in one pass over the groups (null when not available). */
  hessianTerms?(beta: Float64Array, reml: boolean): HessianTerms | null;
  /** Optional: a method-of-moments start for cov_re/scale (grouped models with exog_re only). */
  momentStartRe?(): number[][] | null;
}
