/**
 * Supernodal left-looking sparse Cholesky `P·A·Pᵀ = L·Lᵀ` (Davis, "Direct
 * Methods for Sparse Linear Systems", ch. 4 and 9; Ng & Peyton's supernodal
 * left-looking scheme). Each supernode is a dense column-major panel; updates
 * from descendant supernodes are dense rank-k products (`syrk` kernel)
 * scattered through relative indices, and each panel is factored with the
 * blocked dense Cholesky.
 */
import { CscMatrix } from './csc.js';
import { supernodalDiagonal, symbolicCholesky, type CholeskyOptions, type SymbolicCholesky } from './symbolic.js';
import { potrfPanel, syrk, trsv } from './dense/index.js';
import { selectedInverseSupernodal, SelectedInverseWorkspace } from './selected-inverse.js';
import { LinearSolver } from './solver.js';
import { DimensionMismatchError, InvalidArgumentError, NotPositiveDefiniteError } from '../errors.js';

export type { CholeskyOptions, SymbolicCholesky } from './symbolic.js';
export { symbolicCholesky } from './symbolic.js';

/**
 * Numeric Cholesky factor of a symmetric positive definite matrix, bound to a
 * fixed sparsity pattern (see {@link symbolicCholesky}). Only the lower
 * triangle of A (row ≥ column) is read, so pass both triangles or the lower.
 *
 * @example
 * ```ts
 * const F = cholesky(A);            // AMD ordering, symbolic + numeric
 * const x = F.solve(b);             // A x = b
 * F.logDet();                       // log |A|
 * F.refactorValues(newValues);      // same pattern, new values, no allocation
 * const Z = F.selectedInverse();    // A⁻¹ on the pattern of L + Lᵀ
 * ```
 */
export class CholeskyFactor extends LinearSolver {
  /** dimension */
  readonly n: number;
  /** fill-reducing permutation: new index k ↔ original perm[k] */
  readonly perm: Int32Array;
  /** structural nonzeros of L (diagonal included) */
  readonly nnzL: number;
  /** the symbolic analysis this factor uses */
  readonly symbolic: SymbolicCholesky;
  /** supernodal values of L (layout in {@link SymbolicCholesky}) */
  readonly Lx: Float64Array;
  private readonly relmap: Int32Array;
  private readonly upd: Float64Array;
  private readonly link: Int32Array;
  private readonly head: Int32Array;
  private readonly nextRow: Int32Array;
  private readonly work: Float64Array;
  private factored = false;
  private sinv: SelectedInverseWorkspace | null = null;

  private constructor(S: SymbolicCholesky) {
    super();
    this.symbolic = S;
    this.n = S.n;
    this.perm = S.perm;
    this.nnzL = S.nnzL;
    this.Lx = new Float64Array(S.superValPtr[S.nsuper]!);
    this.relmap = new Int32Array(S.n);
    // largest descendant update: (m_d − r1) × (r2 − r1) ≤ maxRows × min(maxRows, maxCols)
    this.upd = new Float64Array(Math.max(1, S.maxRows * Math.min(S.maxRows, S.maxCols)));
    this.link = new Int32Array(S.nsuper);
    this.head = new Int32Array(S.nsuper);
    this.nextRow = new Int32Array(S.nsuper);
    this.work = new Float64Array(S.n);
  }

  /**
   * A factor object for a symbolic analysis, with storage allocated and no
   * values yet; call {@link refactor} or {@link refactorValues}.
   *
   * @example
   * ```ts
   * const F = CholeskyFactor.fromSymbolic(symbolicCholesky(A));
   * F.refactor(A);
   * ```
   */
  static fromSymbolic(S: SymbolicCholesky): CholeskyFactor {
    return new CholeskyFactor(S);
  }

  /**
   * Refactor with new values on the analysed pattern (the pattern of `A` must be
   * identical to the one analysed). Throws `NotPositiveDefiniteError` naming
   * the column in the ORIGINAL ordering.
   *
   * @example
   * ```ts
   * F.refactor(A2); // A2 has A's pattern
   * ```
   */
  refactor(A: CscMatrix): void {
    const S = this.symbolic;
    if (A.nrow !== S.n || A.ncol !== S.n) {
      throw new DimensionMismatchError('refactor', `${S.n}x${S.n}`, `${A.nrow}x${A.ncol}`);
    }
    const cp = A.colPtr, ri = A.rowIdx;
    if (cp !== S.aColPtr || ri !== S.aRowIdx) {
      const nz = S.aColPtr[S.n]!;
      let same = cp.length === S.aColPtr.length && cp[S.n] === nz;
      for (let j = 0; same && j <= S.n; j++) same = cp[j] === S.aColPtr[j];
      for (let q = 0; same && q < nz; q++) same = ri[q] === S.aRowIdx[q];
      if (!same) throw new InvalidArgumentError('A', 'pattern differs from the analysed one');
    }
    this.refactorValues(A.values);
  }

  /**
   * Refactor from a values array aligned with the analysed A's pattern
   * (`values[q]` is the q-th stored entry, column by column). No allocation.
   *
   * @example
   * ```ts
   * const vals = A.values.slice(); vals[0] += 1;
   * F.refactorValues(vals);
   * ```
   */
  refactorValues(values: Float64Array): void {
    const S = this.symbolic;
    const map = S.aMap;
    if (values.length < map.length) {
      throw new DimensionMismatchError('refactorValues', `${map.length} values`, `${values.length}`);
    }
    const Lx = this.Lx;
    Lx.fill(0);
    for (let q = 0; q < map.length; q++) {
      const d = map[q]!;
      if (d >= 0) Lx[d] = Lx[d]! + values[q]!;
    }
    this.factored = false;
    const info = this.numeric();
    if (info >= 0) {
      const pivot = this.diagValue(info);
      throw new NotPositiveDefiniteError(S.perm[info]!, pivot);
    }
    this.factored = true;
  }

  private diagValue(col: number): number {
    const S = this.symbolic;
    const s = S.colToSuper[col]!;
    const m = S.superRowPtr[s + 1]! - S.superRowPtr[s]!;
    const c = col - S.superStart[s]!;
    return this.Lx[S.superValPtr[s]! + c * m + c]!;
  }

  /** Left-looking supernodal numeric factorization; returns -1 or the failing (permuted) column. */
  private numeric(): number {
    const S = this.symbolic;
    const { nsuper, superStart, superRowPtr, superRows, superValPtr, colToSuper } = S;
    const Lx = this.Lx, relmap = this.relmap, C = this.upd;
    const head = this.head.fill(-1), link = this.link, nextRow = this.nextRow;
    for (let s = 0; s < nsuper; s++) {
      const f = superStart[s]!, l = superStart[s + 1]! - 1;
      const ns = l - f + 1;
      const r0 = superRowPtr[s]!;
      const m = superRowPtr[s + 1]! - r0;
      const base = superValPtr[s]!;
      for (let t = 0; t < m; t++) relmap[superRows[r0 + t]!] = t;

      // L(:, f:l) -= L(:, d) · L(f:l, d)ᵀ for every descendant d linked to s
      let d = head[s]!;
      head[s] = -1;
      while (d !== -1) {
        const dNext = link[d]!;
        const dr0 = superRowPtr[d]!;
        const md = superRowPtr[d + 1]! - dr0;
        const nd = superStart[d + 1]! - superStart[d]!;
        const dBase = superValPtr[d]!;
        const r1 = nextRow[d]!;
        let r2 = r1;
        while (r2 < md && superRows[dr0 + r2]! <= l) r2++;
        const mr = md - r1; // rows of the update
        const nc = r2 - r1; // columns of the update
        if (nd <= 4 || mr * nc <= 64) {
          // small update: dot products straight into the target
          const x = dBase + r1;
          for (let cj = 0; cj < nc; cj++) {
            const col = base + (superRows[dr0 + r1 + cj]! - f) * m;
            for (let ci = cj; ci < mr; ci++) {
              let acc = 0;
              for (let k = 0, o = x; k < nd; k++, o += md) acc += Lx[o + ci]! * Lx[o + cj]!;
              const dst = col + relmap[superRows[dr0 + r1 + ci]!]!;
              Lx[dst] = Lx[dst]! - acc;
            }
          }
        } else {
          // C = L(r1:md, d) · L(r1:r2, d)ᵀ (lower trapezoid)
          syrk(false, mr, nc, nd, 1, Lx, dBase + r1, md, 0, C, 0, mr);
          for (let cj = 0; cj < nc; cj++) {
            const col = base + (superRows[dr0 + r1 + cj]! - f) * m;
            const cc = cj * mr;
            for (let ci = cj; ci < mr; ci++) {
              const dst = col + relmap[superRows[dr0 + r1 + ci]!]!;
              Lx[dst] = Lx[dst]! - C[cc + ci]!;
            }
          }
        }
        nextRow[d] = r2;
        if (r2 < md) {
          const t = colToSuper[superRows[dr0 + r2]!]!;
          link[d] = head[t]!;
          head[t] = d;
        }
        d = dNext;
      }

      // [L11; L21] = chol of the panel
      const info = potrfPanel(m, ns, Lx, base, m);
      if (info !== 0) return f + info - 1;
      if (ns < m) {
        nextRow[s] = ns;
        const t = colToSuper[superRows[r0 + ns]!]!;
        link[s] = head[t]!;
        head[t] = s;
      }
    }
    return -1;
  }

  private ensureFactored(): void {
    if (!this.factored) throw new InvalidArgumentError('factor', 'no valid numeric factorization (refactor first)');
  }

  /**
   * x = L⁻¹x in place, in the PERMUTED ordering (x[k] belongs to original
   * index perm[k]); with {@link solveLt} this solves P·A·Pᵀ y = x.
   *
   * @example
   * ```ts
   * const y = Float64Array.from(F.perm, (i) => b[i]); // y = P b
   * F.solveL(y); F.solveLt(y);                       // y = P A⁻¹ b
   * ```
   */
  solveL(x: Float64Array): void {
    this.ensureFactored();
    const S = this.symbolic;
    const { nsuper, superStart, superRowPtr, superRows, superValPtr } = S;
    const Lx = this.Lx;
    for (let s = 0; s < nsuper; s++) {
      const f = superStart[s]!, ns = superStart[s + 1]! - f;
      const r0 = superRowPtr[s]!, m = superRowPtr[s + 1]! - r0;
      const base = superValPtr[s]!;
      trsv(false, ns, Lx, base, m, x, f);
      // x(R) -= L21 · x(f:l)
      for (let j = 0; j < ns; j++) {
        const xj = x[f + j]!;
        if (xj === 0) continue;
        const col = base + j * m;
        for (let t = ns; t < m; t++) {
          const r = superRows[r0 + t]!;
          x[r] = x[r]! - Lx[col + t]! * xj;
        }
      }
    }
  }

  /**
   * x = L⁻ᵀx in place, in the PERMUTED ordering (see {@link solveL}).
   *
   * @example
   * ```ts
   * F.solveL(y); F.solveLt(y);
   * ```
   */
  solveLt(x: Float64Array): void {
    this.ensureFactored();
    const S = this.symbolic;
    const { nsuper, superStart, superRowPtr, superRows, superValPtr } = S;
    const Lx = this.Lx;
    for (let s = nsuper - 1; s >= 0; s--) {
      const f = superStart[s]!, ns = superStart[s + 1]! - f;
      const r0 = superRowPtr[s]!, m = superRowPtr[s + 1]! - r0;
      const base = superValPtr[s]!;
      // x(f:l) -= L21ᵀ · x(R)
      for (let j = 0; j < ns; j++) {
        const col = base + j * m;
        let acc = x[f + j]!;
        for (let t = ns; t < m; t++) acc -= Lx[col + t]! * x[superRows[r0 + t]!]!;
        x[f + j] = acc;
      }
      trsv(true, ns, Lx, base, m, x, f);
    }
  }

  /**
   * x = A⁻¹x in place (original ordering, length ≥ n): y = Px, y = L⁻ᵀL⁻¹y, x = Pᵀy.
   *
   * @example
   * ```ts
   * const x = Float64Array.of(1, 2, 3); F.solveInPlace(x);
   * ```
   */
  solveInPlace(x: Float64Array): void {
    const n = this.n;
    if (x.length < n) throw new DimensionMismatchError('solveInPlace', `${n}`, `${x.length}`);
    const y = this.work, perm = this.perm;
    for (let k = 0; k < n; k++) y[k] = x[perm[k]!]!;
    this.solveL(y);
    this.solveLt(y);
    for (let k = 0; k < n; k++) x[perm[k]!] = y[k]!;
  }

  /**
   * log |A| = 2 Σ log L_kk.
   *
   * @example
   * ```ts
   * cholesky(A).logDet();
   * ```
   */
  logDet(): number {
    this.ensureFactored();
    const dl = supernodalDiagonal(this.symbolic, this.Lx);
    let s2 = 0;
    for (let k = 0; k < dl.length; k++) s2 += Math.log(dl[k]!);
    return 2 * s2;
  }

  /**
   * Entries of A⁻¹ on the pattern of the (supernodal) factor L + Lᵀ — a
   * superset of the pattern of A — in the ORIGINAL ordering, as a symmetric CSC
   * matrix with both triangles (Takahashi / Erisman–Tinney recurrences).
   *
   * @example
   * ```ts
   * const Z = cholesky(A).selectedInverse(); // Z(i,j) = (A⁻¹)(i,j) where A(i,j) ≠ 0
   * ```
   */
  selectedInverse(): CscMatrix {
    this.ensureFactored();
    if (this.sinv === null) this.sinv = new SelectedInverseWorkspace(this.symbolic);
    const ws = this.sinv;
    selectedInverseSupernodal(this.symbolic, this.Lx, ws);
    return ws.toCsc();
  }
}

/**
 * Sparse Cholesky factorization of a symmetric positive definite matrix.
 * Only the lower triangle of `A` (row ≥ column) is read: pass both triangles
 * (the usual symmetric CSC) or the lower one.
 *
 * @example
 * ```ts
 * const F = cholesky(A, { ordering: 'amd' });
 * const x = F.solve(b);
 * ```
 */
export function cholesky(A: CscMatrix, options: CholeskyOptions = {}): CholeskyFactor {
  const F = CholeskyFactor.fromSymbolic(symbolicCholesky(A, options));
  F.refactorValues(A.values);
  return F;
}
