/**
 * ψ-direct inner solvers (statsmodels' `_smw_solver` / `_smw_logdet`): the
 * profile likelihood at a covariance Ψ that is not positive semidefinite but
 * keeps V = I + ZΨZᵀ positive definite (`useSqrt: false` searches). With
 * C = Ψ⁻¹ + ZᵀZ (symmetric, possibly indefinite; an LDLᵀ without pivoting,
 * dense per group or sparse on the single-group path):
 * log|V| = log|Ψ| + log|C|, V⁻¹x = x − Z C⁻¹ Zᵀx, ZᵀV⁻¹ = Ψ⁻¹C⁻¹Zᵀ,
 * W = ZᵀV⁻¹Z = A − A C⁻¹A = Ψ⁻¹ − Ψ⁻¹C⁻¹Ψ⁻¹ and the conditional covariance
 * Ψ − ΨWΨ = C⁻¹. V is positive definite iff C and Ψ have the same number of
 * negative eigenvalues (Haynsworth inertia additivity on [[−Ψ⁻¹, Zᵀ], [Z, I]]).
 * Both counts are exact: C's from the signs of D in its LDLᵀ (Sylvester), Ψ's
 * from the signs of vcomp and of the eigenvalues of its re block P (which also
 * give P⁻¹ = U diag(1/λ) Uᵀ and log|det P|). A zero pivot of C, or a P with an
 * eigenvalue at rounding level, rejects the point as singular.
 *
 * Parameterization of `factor(P, v, Q)`: `P` is cov_re/scale itself (kRe × kRe,
 * full symmetric, row-major) and `v` is vcomp/scale — not a Cholesky factor
 * and not square roots.
 */
import type { DenseBlocks, GroupData, GroupSums, InnerSolver } from './solver.js';
import { ldlInPlace, ldlSolve } from '../dense.js';
import { symEigen } from '../inference/linalg.js';
import { CscMatrix } from '../../sparse/csc.js';
import { LdlFactor, ldlAnalyze } from '../../sparse/ldl.js';

/** Factorization summary of one group's C: log|det C| and its number of negative eigenvalues. */
interface CFactor {
  logAbsDet: number;
  neg: number;
}

/** log|det| and negative count of the diagonal d of an LDLᵀ (n entries from `o`, stride `st`); null if ±∞. */
function diagInertia(d: Float64Array, o: number, n: number, st: number): CFactor | null {
  let ld = 0;
  let neg = 0;
  for (let i = 0; i < n; i++) {
    const x = d[o + i * st]!;
    ld += Math.log(Math.abs(x));
    if (x < 0) neg++;
  }
  return Number.isFinite(ld) ? { logAbsDet: ld, neg } : null;
}

/**
 * Shared part of the ψ-direct solvers: group layout, B = ZᵀX, c = Zᵀy, Ψ⁻¹ and
 * everything written in terms of "solve with C_g" and "multiply by A_g".
 */
abstract class PsiInnerBase implements InnerSolver {
  readonly nGroups: number;
  readonly kRe: number;
  readonly kVc: number;
  readonly p: number;
  protected readonly qs: Int32Array;
  protected readonly oC: Int32Array; // offsets of q vectors
  protected readonly oB: Int32Array; // offsets of q·p blocks
  protected readonly starts: Int32Array; // nGroups × kVc
  protected readonly sizes: Int32Array;
  /** per packed column: vc index, −1 for exog_re */
  protected readonly comp: Int32Array;
  protected readonly B: Float64Array;
  protected readonly c: Float64Array;
  protected readonly qmax: number;
  /** Ψ's re block, its inverse, vcomp (profile scale) at the last factorization */
  protected P = new Float64Array(0);
  protected Pinv = new Float64Array(0);
  protected vc = new Float64Array(0);
  private readonly gd: GroupData;

  constructor(sums: GroupSums) {
    this.nGroups = sums.qs.length;
    this.kRe = sums.kRe;
    this.kVc = sums.kVc;
    this.p = sums.p;
    this.qs = sums.qs;
    this.oB = sums.oB;
    this.oC = sums.oC;
    this.starts = sums.starts;
    this.sizes = sums.sizes;
    this.comp = sums.comp;
    this.B = sums.B;
    this.c = sums.c;
    const p = sums.p;
    const qmax = this.qs.reduce((m, q) => Math.max(m, q), 0);
    this.qmax = qmax;
    this.gd = {
      u: new Float64Array(qmax),
      v: new Float64Array(qmax),
      G: new Float64Array(qmax * p),
      W: new Float64Array(qmax * qmax),
      wDiag: new Float64Array(qmax),
      wRe: new Float64Array(sums.kRe * sums.kRe),
    };
  }

  /** Factor C_g = Ψ_g⁻¹ + A_g (values from this.Pinv, this.vc); null if singular. */
  protected abstract factorC(g: number): CFactor | null;
  /** x = C_g\x for `ncol` right-hand sides (q × ncol, row-major). */
  protected abstract solveC(g: number, x: Float64Array, ncol: number): void;
  /** y = A_g x for `ncol` columns (q × ncol, row-major). */
  protected abstract mulA(g: number, x: Float64Array, y: Float64Array, ncol: number): void;
  /** Column i of A_g into out (dense, length q). */
  protected abstract aCol(g: number, i: number, out: Float64Array): void;

  q(g: number): number {
    return this.qs[g]!;
  }
  vcStart(g: number, k: number): number {
    return this.starts[g * this.kVc + k]!;
  }
  vcSize(g: number, k: number): number {
    return this.sizes[g * this.kVc + k]!;
  }

  /** ψ_ii of packed column i of group g. */
  protected psiDiag(g: number, i: number): number {
    const k = this.comp[this.oC[g]! + i]!;
    return k < 0 ? this.P[i * this.kRe + i]! : this.vc[k]!;
  }

  /** (Ψ⁻¹)_ij of group g (sparse: re block dense, vc diagonal). */
  protected psiInvAt(g: number, i: number, j: number): number {
    const kRe = this.kRe;
    if (i < kRe && j < kRe) return this.Pinv[i * kRe + j]!;
    if (i !== j) return 0;
    return 1 / this.vc[this.comp[this.oC[g]! + i]!]!;
  }

  /** y = Ψ_g⁻¹ x for `ncol` columns (q × ncol, row-major). */
  private mulPsiInv(g: number, x: Float64Array, y: Float64Array, ncol: number): void {
    const q = this.qs[g]!;
    const kRe = this.kRe;
    const oc = this.oC[g]!;
    for (let a = 0; a < kRe; a++)
      for (let t = 0; t < ncol; t++) {
        let s = 0;
        for (let b = 0; b < kRe; b++) s += this.Pinv[a * kRe + b]! * x[b * ncol + t]!;
        y[a * ncol + t] = s;
      }
    for (let j = kRe; j < q; j++) {
      const iv = 1 / this.vc[this.comp[oc + j]!]!;
      for (let t = 0; t < ncol; t++) y[j * ncol + t] = x[j * ncol + t]! * iv;
    }
  }

  /**
   * Whether row i of a product ZᵀV⁻¹(·) is formed as Ψ⁻¹C⁻¹(·) (accurate when
   * |ψ_ii|·A_ii is large) rather than (·) − A C⁻¹(·) (accurate when it is small).
   */
  private psiForm(g: number, i: number, aii: number): boolean {
    return Math.abs(this.psiDiag(g, i)) * aii > 1;
  }

  /** R = ZᵀV⁻¹Z·(…) rows from S (q × ncol): R_i = (Ψ⁻¹C⁻¹S)_i or (S − A C⁻¹S)_i; S is overwritten by C⁻¹S. */
  private applyVinv(g: number, S: Float64Array, R: Float64Array, ncol: number, aDiag: Float64Array): void {
    const q = this.qs[g]!;
    const n = q * ncol;
    const S0 = Float64Array.from(S.subarray(0, n));
    this.solveC(g, S, ncol); // S = C⁻¹S
    const t1 = new Float64Array(n);
    const t2 = new Float64Array(n);
    this.mulPsiInv(g, S, t1, ncol);
    this.mulA(g, S, t2, ncol);
    for (let i = 0; i < q; i++) {
      const pf = this.psiForm(g, i, aDiag[i]!);
      for (let t = 0; t < ncol; t++) R[i * ncol + t] = pf ? t1[i * ncol + t]! : S0[i * ncol + t]! - t2[i * ncol + t]!;
    }
  }

  /**
   * Factor every group at Ψ = blockdiag(P, diag(v) expanded) (profile scale),
   * Q −= Σ_g [B c]ᵀ C_g⁻¹ [B c]; returns log|V| = Σ_g (log|Ψ_g| + log|C_g|), or
   * NaN when Ψ is singular or V is not positive definite.
   */
  factor(P: Float64Array, v: Float64Array, Q: Float64Array): number {
    const kRe = this.kRe;
    const p1 = this.p + 1;
    for (let i = 0; i < P.length; i++) if (!Number.isFinite(P[i]!)) return NaN;
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!) || v[i] === 0) return NaN;
    this.P = Float64Array.from(P);
    this.vc = Float64Array.from(v);
    // P = U diag(λ) Uᵀ: P⁻¹ = U diag(1/λ) Uᵀ, log|det P| = Σ log|λ|, negative count = #{λ < 0}.
    // symEigen stops at an off-diagonal norm ≤ 1e-15‖P‖_F ≤ 1e-15·√kRe·max|λ|, which bounds each λ's
    // error (Weyl): a |λ| ≤ 1e-14·max|λ| has no reliable sign (nor inverse), so P counts as singular
    // there, as an exact zero does (a 1 × 1 P: only exactly 0; a NaN or infinite λ fails the test too).
    const { values: lam, vectors: U } = symEigen(P, kRe);
    let lmax = 0;
    for (const x of lam) lmax = Math.max(lmax, Math.abs(x));
    for (const x of lam) if (!(Math.abs(x) > 1e-14 * lmax)) return NaN;
    const inv = new Float64Array(kRe * kRe);
    for (let i = 0; i < kRe; i++)
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let k = 0; k < kRe; k++) s += (U[i * kRe + k]! * U[j * kRe + k]!) / lam[k]!;
        inv[i * kRe + j] = inv[j * kRe + i] = s;
      }
    this.Pinv = inv;
    const { logAbsDet: ldP, neg: negP } = diagInertia(lam, 0, kRe, 1)!;
    let logdet = 0;
    const rhs = new Float64Array(this.qmax * p1);
    const bc = new Float64Array(this.qmax * p1);
    for (let g = 0; g < this.nGroups; g++) {
      const q = this.qs[g]!;
      const ob = this.oB[g]!;
      const oc = this.oC[g]!;
      // log|Ψ_g|, negative eigenvalues
      let ld = ldP;
      let neg = negP;
      for (let k = 0; k < this.kVc; k++) {
        const sz = this.sizes[g * this.kVc + k]!;
        ld += sz * Math.log(Math.abs(v[k]!));
        if (v[k]! < 0) neg += sz;
      }
      const cf = this.factorC(g);
      // V ≻ 0 ⟺ neg(C) = neg(Ψ)
      if (!cf || cf.neg !== neg) return NaN;
      logdet += ld + cf.logAbsDet;
      // Q −= [B c]ᵀ C⁻¹ [B c]
      const p = this.p;
      for (let i = 0; i < q; i++) {
        for (let t = 0; t < p; t++) bc[i * p1 + t] = this.B[ob + i * p + t]!;
        bc[i * p1 + p] = this.c[oc + i]!;
      }
      rhs.set(bc.subarray(0, q * p1));
      this.solveC(g, rhs, p1);
      for (let i = 0; i < q; i++)
        for (let s = 0; s < p1; s++) {
          const b = bc[i * p1 + s]!;
          if (b === 0) continue;
          for (let t = 0; t < p1; t++) Q[s * p1 + t]! -= b * rhs[i * p1 + t]!;
        }
    }
    // symmetric Q
    for (let s = 0; s < p1; s++)
      for (let t = 0; t < s; t++) {
        const x = 0.5 * (Q[s * p1 + t]! + Q[t * p1 + s]!);
        Q[s * p1 + t] = x;
        Q[t * p1 + s] = x;
      }
    return logdet;
  }

  /** diag(A_g) (length q). */
  private aDiagonal(g: number): Float64Array {
    const q = this.qs[g]!;
    const out = new Float64Array(q);
    const col = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      this.aCol(g, i, col);
      out[i] = col[i]!;
    }
    return out;
  }

  /**
   * u = ZᵀV⁻¹r, G = ZᵀV⁻¹X and W = ZᵀV⁻¹Z (full, or its re block and
   * diagonal) at the last factorization. Here `v` holds the conditional mean
   * of the random effects itself, Ψu (there is no Λ).
   */
  groupData(g: number, beta: Float64Array, full: boolean): GroupData {
    const q = this.qs[g]!;
    const p = this.p;
    const kRe = this.kRe;
    const ob = this.oB[g]!;
    const oc = this.oC[g]!;
    const { u, v, G, W, wDiag, wRe } = this.gd;
    const Wm = W!;
    const aDiag = this.aDiagonal(g);
    // s = c − Bβ, u = ZᵀV⁻¹r
    const s = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      let x = this.c[oc + i]!;
      for (let t = 0; t < p; t++) x -= this.B[ob + i * p + t]! * beta[t]!;
      s[i] = x;
    }
    this.applyVinv(g, s, u, 1, aDiag);
    // v = Ψu
    for (let a = 0; a < kRe; a++) {
      let x = 0;
      for (let b = 0; b < kRe; b++) x += this.P[a * kRe + b]! * u[b]!;
      v[a] = x;
    }
    for (let j = kRe; j < q; j++) v[j] = this.vc[this.comp[oc + j]!]! * u[j]!;
    // G = ZᵀV⁻¹X
    const Bg = Float64Array.from(this.B.subarray(ob, ob + q * p));
    this.applyVinv(g, Bg, G, p, aDiag);
    // W column by column: w_i = t − A C⁻¹t (t = a_i) or Ψ⁻¹e_i − Ψ⁻¹C⁻¹Ψ⁻¹e_i
    const t = new Float64Array(q);
    const y = new Float64Array(q);
    const w = new Float64Array(q);
    for (let i = 0; i < q; i++) {
      const pf = this.psiForm(g, i, aDiag[i]!);
      if (pf) for (let j = 0; j < q; j++) t[j] = this.psiInvAt(g, j, i);
      else this.aCol(g, i, t);
      y.set(t);
      this.solveC(g, y, 1);
      if (pf) this.mulPsiInv(g, y, w, 1);
      else this.mulA(g, y, w, 1);
      for (let j = 0; j < q; j++) Wm[j * q + i] = t[j]! - w[j]!;
    }
    if (full)
      for (let i = 0; i < q; i++)
        for (let j = 0; j < i; j++) {
          const x = 0.5 * (Wm[i * q + j]! + Wm[j * q + i]!);
          Wm[i * q + j] = x;
          Wm[j * q + i] = x;
        }
    for (let i = 0; i < q; i++) wDiag[i] = Wm[i * q + i]!;
    for (let a = 0; a < kRe; a++)
      for (let b = 0; b < kRe; b++) wRe[a * kRe + b] = 0.5 * (Wm[a * q + b]! + Wm[b * q + a]!);
    return this.gd;
  }

  /** C_g⁻¹ = Ψ − ΨWΨ (q × q): conditional covariance / scale. */
  condCov(g: number): Float64Array {
    const q = this.qs[g]!;
    const X = new Float64Array(q * q);
    for (let i = 0; i < q; i++) X[i * q + i] = 1;
    this.solveC(g, X, q);
    for (let i = 0; i < q; i++)
      for (let j = 0; j < i; j++) {
        const x = 0.5 * (X[i * q + j]! + X[j * q + i]!);
        X[i * q + j] = x;
        X[j * q + i] = x;
      }
    return X;
  }
}

/**
 * ψ-direct solver on the dense per-group path: a small dense LDLᵀ of
 * C_g = Ψ_g⁻¹ + Z_gᵀZ_g per group (no pivoting: a zero pivot rejects the point).
 *
 * @example
 * ```ts
 * const inner = new DensePsiInner(new DenseInner(design).groupSums());
 * const logdetV = inner.factor(covRe, vcomp, Q); // covRe: kRe × kRe row-major, may be indefinite
 * ```
 */
export class DensePsiInner extends PsiInnerBase {
  private readonly oA: Int32Array;
  private readonly A: Float64Array;
  private readonly F: Float64Array;

  constructor(sums: GroupSums<DenseBlocks>) {
    super(sums);
    this.oA = sums.A.oA;
    this.A = sums.A.dense;
    this.F = new Float64Array(this.A.length);
  }

  protected factorC(g: number): CFactor | null {
    const q = this.qs[g]!;
    const oa = this.oA[g]!;
    const F = this.F;
    // C = A + Ψ⁻¹
    for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) F[oa + i * q + j] = this.A[oa + i * q + j]! + this.psiInvAt(g, i, j);
    // C = L D Lᵀ: log|det C| = Σ log|d_i|, inertia(C) = inertia(D)
    return ldlInPlace(F, oa, q) < 0 ? diagInertia(F, oa, q, q + 1) : null;
  }

  protected solveC(g: number, x: Float64Array, ncol: number): void {
    ldlSolve(this.F, this.oA[g]!, this.qs[g]!, x, 0, ncol);
  }

  protected mulA(g: number, x: Float64Array, y: Float64Array, ncol: number): void {
    const q = this.qs[g]!;
    const oa = this.oA[g]!;
    for (let i = 0; i < q; i++)
      for (let t = 0; t < ncol; t++) {
        let s = 0;
        for (let j = 0; j < q; j++) s += this.A[oa + i * q + j]! * x[j * ncol + t]!;
        y[i * ncol + t] = s;
      }
  }

  protected aCol(g: number, i: number, out: Float64Array): void {
    const q = this.qs[g]!;
    const oa = this.oA[g]!;
    for (let j = 0; j < q; j++) out[j] = this.A[oa + j * q + i]!;
  }
}

/**
 * ψ-direct solver on the sparse single-group path: C = Ψ⁻¹ + ZᵀZ keeps the
 * pattern of ZᵀZ plus the diagonal and the exog_re block; its ordering and
 * symbolic LDLᵀ are computed once (`ldlAnalyze`), the numeric LDLᵀ (no
 * pivoting: a zero pivot rejects the point) is redone per evaluation in place.
 *
 * @example
 * ```ts
 * const inner = new SparsePsiInner(new CrossedInner(design).groupSums()); // one group
 * const logdetV = inner.factor(new Float64Array(0), Float64Array.of(-0.01, 3), Q);
 * ```
 */
export class SparsePsiInner extends PsiInnerBase {
  private readonly A: CscMatrix;
  private readonly C: CscMatrix;
  /** per entry of C: index into A.values, or −1 */
  private readonly aPos: Int32Array;
  /** per entry of C: its column */
  private readonly cCol: Int32Array;
  private readonly F: LdlFactor;

  constructor(sums: GroupSums<CscMatrix>) {
    super(sums);
    const q = this.qs[0]!;
    const kRe = sums.kRe;
    this.A = sums.A;
    const aPtr = this.A.colPtr;
    const ai = this.A.rowIdx;
    // pattern of C: A ∪ diagonal ∪ re block
    const cPtr = new Int32Array(q + 1);
    const ci: number[] = [];
    const ap: number[] = [];
    const cc: number[] = [];
    for (let j = 0; j < q; j++) {
      const ent = new Map<number, number>();
      for (let t = aPtr[j]!; t < aPtr[j + 1]!; t++) ent.set(ai[t]!, t);
      if (!ent.has(j)) ent.set(j, -1);
      if (j < kRe) for (let r = 0; r < kRe; r++) if (!ent.has(r)) ent.set(r, -1);
      const rs = [...ent.keys()].sort((a, b) => a - b);
      for (const r of rs) {
        ci.push(r);
        ap.push(ent.get(r)!);
        cc.push(j);
      }
      cPtr[j + 1] = ci.length;
    }
    this.aPos = Int32Array.from(ap);
    this.cCol = Int32Array.from(cc);
    this.C = new CscMatrix(q, q, cPtr, Int32Array.from(ci), new Float64Array(ci.length).fill(1));
    this.F = LdlFactor.fromSymbolic(ldlAnalyze(this.C));
  }

  protected factorC(): CFactor | null {
    const C = this.C;
    const Av = this.A.values;
    const rows = C.rowIdx;
    const vals = C.values;
    // C = A + Ψ⁻¹
    for (let t = 0; t < vals.length; t++) {
      const a = this.aPos[t]!;
      vals[t] = (a >= 0 ? Av[a]! : 0) + this.psiInvAt(0, rows[t]!, this.cCol[t]!);
    }
    // P C Pᵀ = L D Lᵀ: log|det C| = Σ log|d_k|, inertia(C) = inertia(D)
    const F = this.F;
    if (F.refactor(vals) >= 0) return null;
    const ld = F.logAbsDet();
    return Number.isFinite(ld) ? { logAbsDet: ld, neg: F.negativeCount() } : null;
  }

  protected solveC(_g: number, x: Float64Array, ncol: number): void {
    this.F.solveInPlace(x, ncol);
  }

  protected mulA(_g: number, x: Float64Array, y: Float64Array, ncol: number): void {
    const { colPtr, rowIdx, values } = this.A;
    const q = this.qs[0]!;
    y.fill(0, 0, q * ncol);
    // y = A x (A symmetric, both triangles stored)
    for (let j = 0; j < q; j++)
      for (let e = colPtr[j]!; e < colPtr[j + 1]!; e++) {
        const r = rowIdx[e]!;
        const v = values[e]!;
        for (let t = 0; t < ncol; t++) y[r * ncol + t]! += v * x[j * ncol + t]!;
      }
  }

  protected aCol(_g: number, i: number, out: Float64Array): void {
    const { colPtr, rowIdx, values } = this.A;
    out.fill(0);
    for (let e = colPtr[i]!; e < colPtr[i + 1]!; e++) out[rowIdx[e]!] = values[e]!;
  }
}

/**
 * The ψ-direct solver on the sums of the model's own inner solver (its layout,
 * A = ZᵀZ, B = ZᵀX, c = Zᵀy, from the rows or from cross products): sparse for
 * the single-block solver's sparse A, dense per group otherwise.
 *
 * @example
 * ```ts
 * const inner = psiInner(model.likelihood.inner.groupSums());
 * ```
 */
export function psiInner(sums: GroupSums): InnerSolver {
  const A = sums.A;
  return A instanceof CscMatrix ? new SparsePsiInner({ ...sums, A }) : new DensePsiInner({ ...sums, A });
}
