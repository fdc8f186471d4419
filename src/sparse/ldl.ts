/**
 * Sparse LDLᵀ of a symmetric, possibly indefinite matrix without pivoting:
 * P·A·Pᵀ = L·D·Lᵀ, L unit lower triangular, D diagonal. Up-looking, one row of
 * L per step (Davis, ACM TOMS 31(4), 2005, Algorithm 849; Davis, "Direct
 * Methods for Sparse Linear Systems", §4.4), written from the description.
 *
 * With a = the part of column k of P·A·Pᵀ above the diagonal, row k solves
 * L₀₀ y = a (L₀₀: the leading k × k block, unit lower): ℓ_kj = y_j / d_j,
 * d_k = a_kk − Σ_j ℓ_kj y_j. The pattern of y (= of row k of L) is the set of
 * elimination-tree paths from each i with a_i ≠ 0 up to k; walking them and
 * stacking each new path in front of the earlier ones gives a topological
 * order for the sparse triangular solve. Column j of L receives its rows in
 * increasing order, at the positions fixed by the column counts.
 *
 * Symbolic (ordering, tree, column pointers of L, scatter map) once per
 * pattern; numeric refactorizations reuse every array. By Sylvester's law of
 * inertia A and D have the same numbers of negative, zero and positive
 * eigenvalues.
 */
import type { CscMatrix } from './csc.js';
import { choleskyCounts, type CholeskyOptions } from './symbolic.js';
import { DimensionMismatchError, SingularMatrixError } from '../errors.js';

/**
 * Symbolic analysis of {@link LdlFactor}: fixed by the pattern of A and the ordering.
 *
 * @example
 * ```ts
 * const S = ldlAnalyze(A);
 * S.lp[S.n]; // entries of L below the diagonal
 * ```
 */
export interface LdlSymbolic {
  readonly n: number;
  /** new index k ↔ original perm[k] (fill-reducing, elimination tree postordered) */
  readonly perm: Int32Array;
  /** elimination tree of P·A·Pᵀ (−1: root) */
  readonly parent: Int32Array;
  /** column j of the strict lower part of L: positions lp[j] … lp[j+1]−1 */
  readonly lp: Int32Array;
  /** column k of the upper triangle of P·A·Pᵀ (diagonal included): rows upRow[upPtr[k] … upPtr[k+1]−1] */
  readonly upPtr: Int32Array;
  readonly upRow: Int32Array;
  /** index into A's values of each upper entry */
  readonly upSrc: Int32Array;
  /** stored entries of the analysed A */
  readonly nnzA: number;
}

/**
 * Symbolic LDLᵀ analysis: fill-reducing ordering (AMD unless `ordering` says
 * otherwise), postordered elimination tree, column counts → column pointers of
 * L, and the map from A's stored entries to the upper triangle of P·A·Pᵀ. Only
 * the LOWER triangle of `A` (row ≥ column) is read: pass both triangles or the
 * lower one.
 *
 * @example
 * ```ts
 * const S = ldlAnalyze(A);            // once per pattern
 * const F = LdlFactor.fromSymbolic(S);
 * if (F.refactor(A.values) >= 0) console.log('zero pivot');
 * ```
 */
export function ldlAnalyze(A: CscMatrix, options: CholeskyOptions = {}): LdlSymbolic {
  const { n, perm, pinv, parent, colCount } = choleskyCounts(A, options);
  const lp = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) lp[j + 1] = lp[j]! + colCount[j]! - 1;
  // A(i, j), i ≥ j  ↦  (min, max) of (pinv[i], pinv[j]) in P·A·Pᵀ: counted, then placed
  const cp = A.colPtr;
  const ri = A.rowIdx;
  const upPtr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++)
    for (let t = cp[j]!; t < cp[j + 1]!; t++) if (ri[t]! >= j) upPtr[Math.max(pinv[ri[t]!]!, pinv[j]!) + 1]!++;
  for (let k = 0; k < n; k++) upPtr[k + 1]! += upPtr[k]!;
  const upRow = new Int32Array(upPtr[n]!);
  const upSrc = new Int32Array(upPtr[n]!);
  const at = upPtr.slice(0, n);
  for (let j = 0; j < n; j++)
    for (let t = cp[j]!; t < cp[j + 1]!; t++) {
      const i = ri[t]!;
      if (i < j) continue;
      const a = pinv[i]!;
      const b = pinv[j]!;
      const s = at[a > b ? a : b]!++;
      upRow[s] = a > b ? b : a;
      upSrc[s] = t;
    }
  return { n, perm, parent, lp, upPtr, upRow, upSrc, nnzA: cp[n]! };
}

/**
 * Numeric LDLᵀ factor bound to a symbolic analysis ({@link ldlAnalyze}).
 * No pivoting: a zero or non-finite d_k stops the factorization
 * ({@link LdlFactor.refactor} returns its column). Determinant and inertia come
 * from D.
 *
 * @example
 * ```ts
 * const F = ldl(A);                   // symmetric, may be indefinite
 * const x = F.solve(b);               // A x = b
 * F.logAbsDet(); F.sign(); F.negativeCount();
 * F.refactor(newValues);              // same pattern, no allocation
 * ```
 */
export class LdlFactor {
  readonly n: number;
  /** the D of P·A·Pᵀ = L·D·Lᵀ */
  readonly d: Float64Array;
  /** rows and values of the strict lower part of L, by columns (pointers `symbolic.lp`) */
  readonly li: Int32Array;
  readonly lx: Float64Array;
  private readonly y: Float64Array;
  private readonly flag: Int32Array;
  private readonly stack: Int32Array;
  /** entries of each column of L written so far */
  private readonly used: Int32Array;
  private w = new Float64Array(0);

  private constructor(readonly symbolic: LdlSymbolic) {
    const n = symbolic.n;
    const nz = symbolic.lp[n]!;
    this.n = n;
    this.d = new Float64Array(n);
    this.li = new Int32Array(nz);
    this.lx = new Float64Array(nz);
    this.y = new Float64Array(n);
    this.flag = new Int32Array(n);
    this.stack = new Int32Array(n);
    this.used = new Int32Array(n);
  }

  /**
   * A factor with storage for `S` and no values yet; call {@link LdlFactor.refactor}.
   *
   * @example
   * ```ts
   * const F = LdlFactor.fromSymbolic(ldlAnalyze(A));
   * F.refactor(A.values);
   * ```
   */
  static fromSymbolic(S: LdlSymbolic): LdlFactor {
    return new LdlFactor(S);
  }

  /**
   * Factor new values on the analysed pattern (`values[t]` is the t-th stored
   * entry of the analysed A). No allocation. Returns −1, or the column (in the
   * ORIGINAL ordering) whose pivot d_k was zero or not finite; the factor is
   * then unusable until the next successful refactor.
   *
   * @example
   * ```ts
   * const vals = A.values.slice(); vals[0] += 1;
   * if (F.refactor(vals) < 0) F.solve(b);
   * ```
   */
  refactor(values: Float64Array): number {
    const { n, perm, parent, lp, upPtr, upRow, upSrc, nnzA } = this.symbolic;
    if (values.length < nnzA) throw new DimensionMismatchError('refactor', `${nnzA} values`, `${values.length}`);
    const { d, li, lx, y, flag, stack, used } = this;
    // flag needs no reset: at row k every i < k holds a mark < k (set to i at row i)
    used.fill(0);
    y.fill(0);
    for (let k = 0; k < n; k++) {
      // y = column k above the diagonal; stack[top …] = its reach, in topological order
      let top = n;
      flag[k] = k;
      for (let t = upPtr[k]!; t < upPtr[k + 1]!; t++) {
        let i = upRow[t]!;
        y[i]! += values[upSrc[t]!]!;
        let len = 0;
        for (; flag[i] !== k; i = parent[i]!) {
          stack[len++] = i;
          flag[i] = k;
        }
        while (len > 0) stack[--top] = stack[--len]!;
      }
      // y = L₀₀⁻¹ y; ℓ_kj = y_j / d_j; d_k = a_kk − Σ ℓ_kj y_j
      let dk = y[k]!;
      y[k] = 0;
      for (; top < n; top++) {
        const j = stack[top]!;
        const yj = y[j]!;
        y[j] = 0;
        const end = lp[j]! + used[j]!;
        for (let p = lp[j]!; p < end; p++) y[li[p]!]! -= lx[p]! * yj;
        const l = yj / d[j]!;
        dk -= l * yj;
        li[end] = k;
        lx[end] = l;
        used[j]!++;
      }
      d[k] = dk;
      if (dk === 0 || !Number.isFinite(dk)) return perm[k]!;
    }
    return -1;
  }

  /**
   * x = A⁻¹x in place for `ncol` right-hand sides stored row-major (x[i·ncol + t]).
   *
   * @example
   * ```ts
   * const X = Float64Array.of(1, 0, 0, 1, 0, 0); // 3 × 2
   * F.solveInPlace(X, 2);
   * ```
   */
  solveInPlace(x: Float64Array, ncol = 1): void {
    const { n, perm, lp } = this.symbolic;
    const { d, li, lx } = this;
    const m = n * ncol;
    if (x.length < m) throw new DimensionMismatchError('solve', `${m} values`, `${x.length}`);
    if (this.w.length < m) this.w = new Float64Array(m);
    const w = this.w;
    // w = P x
    for (let k = 0; k < n; k++) for (let t = 0, a = k * ncol, b = perm[k]! * ncol; t < ncol; t++) w[a + t] = x[b + t]!;
    // w = L⁻¹ w
    for (let j = 0; j < n; j++)
      for (let p = lp[j]!; p < lp[j + 1]!; p++) {
        const l = lx[p]!;
        for (let t = 0, a = li[p]! * ncol, b = j * ncol; t < ncol; t++) w[a + t]! -= l * w[b + t]!;
      }
    // w = D⁻¹ w
    for (let j = 0; j < n; j++) for (let t = 0, a = j * ncol, dj = d[j]!; t < ncol; t++) w[a + t]! /= dj;
    // w = L⁻ᵀ w
    for (let j = n - 1; j >= 0; j--)
      for (let p = lp[j]!; p < lp[j + 1]!; p++) {
        const l = lx[p]!;
        for (let t = 0, a = li[p]! * ncol, b = j * ncol; t < ncol; t++) w[b + t]! -= l * w[a + t]!;
      }
    // x = Pᵀ w
    for (let k = 0; k < n; k++) for (let t = 0, a = k * ncol, b = perm[k]! * ncol; t < ncol; t++) x[b + t] = w[a + t]!;
  }

  /**
   * x = A⁻¹b for one right-hand side (a new array).
   *
   * @example
   * ```ts
   * const x = ldl(A).solve([1, 2, 3]);
   * ```
   */
  solve(b: ArrayLike<number>): Float64Array {
    const x = Float64Array.from(b);
    this.solveInPlace(x, 1);
    return x;
  }

  /**
   * log|det A| = Σ log|d_k|.
   *
   * @example
   * ```ts
   * ldl(A).logAbsDet();
   * ```
   */
  logAbsDet(): number {
    let s = 0;
    for (let k = 0; k < this.n; k++) s += Math.log(Math.abs(this.d[k]!));
    return s;
  }

  /**
   * sign(det A) = Π sign(d_k) (det P² = 1).
   *
   * @example
   * ```ts
   * ldl(A).sign(); // 1 or −1
   * ```
   */
  sign(): number {
    let s = 1;
    for (let k = 0; k < this.n; k++) if (this.d[k]! < 0) s = -s;
    return s;
  }

  /**
   * Number of negative eigenvalues of A: the negative d_k (Sylvester's law of inertia).
   *
   * @example
   * ```ts
   * ldl(A).negativeCount(); // 0 iff A is positive definite (no pivot was zero)
   * ```
   */
  negativeCount(): number {
    let c = 0;
    for (let k = 0; k < this.n; k++) if (this.d[k]! < 0) c++;
    return c;
  }
}

/**
 * Sparse LDLᵀ of a symmetric matrix, positive definite or not (AMD ordering by
 * default, no pivoting). Only the lower triangle of `A` is read. Throws
 * `SingularMatrixError` (column in the original ordering) at a zero or
 * non-finite pivot; {@link LdlFactor.refactor} reports it as a return value.
 *
 * @example
 * ```ts
 * const A = CscMatrix.fromTriplets(2, 2, [0, 1, 0, 1], [0, 0, 1, 1], [1, 2, 2, 1]); // indefinite
 * const F = ldl(A);
 * F.negativeCount(); // 1
 * F.solve([3, 3]);   // [1, 1]
 * ```
 */
export function ldl(A: CscMatrix, options: CholeskyOptions = {}): LdlFactor {
  const F = LdlFactor.fromSymbolic(ldlAnalyze(A, options));
  const bad = F.refactor(A.values);
  if (bad >= 0) throw new SingularMatrixError(bad);
  return F;
}
