/**
 * Sparse LU with threshold partial pivoting: P A Q = L U.
 *
 * Left-looking, column by column (Gilbert & Peierls 1988; Davis, "Direct
 * Methods for Sparse Linear Systems", ch. 6): column k of L and U comes from
 * the sparse triangular solve L x = A(:, q[k]), whose nonzero pattern is the
 * set of rows reachable, in the graph of the L computed so far, from the
 * pattern of A(:, q[k]) (found by depth-first search, in topological order).
 * The pivot is then chosen among the rows not yet pivotal.
 *
 * Q comes from a fill-reducing ordering (symbolic phase, reusable for matrices
 * with the same pattern); P is decided during the numeric phase.
 */
import { CscMatrix } from './csc.js';
import { colamdLikeOrder, symmetricOrder } from './colorder.js';
import { DimensionMismatchError, InvalidArgumentError, SingularMatrixError } from '../errors.js';

/** Column ordering choices for {@link lu}. */
export type LuOrdering = 'colamd-like' | 'symmetric' | 'natural' | Int32Array;

/** Options for {@link lu} and {@link luAnalyze}. */
export interface LuOptions {
  /**
   * Column ordering Q: `'colamd-like'` (default; minimum degree on AᵀA),
   * `'symmetric'` (minimum degree on A + Aᵀ; pair with a pivotTolerance < 1 for
   * symmetric indefinite matrices), `'natural'`, or an explicit permutation
   * (`q[k]` = original column at step k).
   */
  ordering?: LuOrdering;
  /**
   * Threshold partial pivoting, in (0, 1]: the diagonal entry (row q[k]) is kept
   * as pivot when |x_diag| ≥ pivotTolerance · max |x_i|. Default 1 (plain
   * partial pivoting, diagonal kept only on ties).
   */
  pivotTolerance?: number;
  /**
   * A pivot with |pivot| ≤ singularTolerance · max |x| (x = the eliminated
   * column) counts as zero. Default n·ε; 0 means exact zeros only.
   */
  singularTolerance?: number;
  /** Reuse the column ordering of {@link luAnalyze} (ordering is then ignored). */
  symbolic?: LuSymbolic;
}

/**
 * Symbolic phase of LU: the column ordering of a square pattern.
 *
 * @example
 * ```ts
 * const S = luAnalyze(A, { ordering: 'symmetric' });
 * const F1 = lu(A, { symbolic: S });
 * const F2 = lu(A2, { symbolic: S }); // same pattern, new values
 * ```
 */
export class LuSymbolic {
  constructor(
    readonly n: number,
    /** q[k] = original column eliminated at step k. */
    readonly q: Int32Array,
  ) {}
}

/**
 * Computes the column ordering (symbolic phase) for {@link lu}.
 *
 * @example
 * ```ts
 * const S = luAnalyze(A); // colamd-like ordering
 * S.q; // Int32Array permutation
 * ```
 */
export function luAnalyze(A: CscMatrix, options: LuOptions = {}): LuSymbolic {
  const n = A.ncol;
  if (A.nrow !== n) throw new DimensionMismatchError('lu', 'square matrix', `${A.nrow}x${A.ncol}`);
  const ord = options.ordering ?? 'colamd-like';
  let q: Int32Array;
  if (ord instanceof Int32Array) {
    checkPermutation(ord, n);
    q = Int32Array.from(ord);
  } else if (ord === 'natural') {
    q = new Int32Array(n);
    for (let k = 0; k < n; k++) q[k] = k;
  } else if (ord === 'colamd-like') {
    q = colamdLikeOrder(A);
  } else if (ord === 'symmetric') {
    q = symmetricOrder(A);
  } else {
    throw new InvalidArgumentError('ordering', `unknown ordering '${String(ord)}'`);
  }
  return new LuSymbolic(n, q);
}

function checkPermutation(q: Int32Array, n: number): void {
  if (q.length !== n) throw new InvalidArgumentError('ordering', `permutation of length ${q.length}, expected ${n}`);
  const seen = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const j = q[k]!;
    if (!(j >= 0 && j < n) || seen[j]) throw new InvalidArgumentError('ordering', 'not a permutation of 0..n-1');
    seen[j] = 1;
  }
}

/** (-1)^(n − number of cycles) */
function parity(perm: Int32Array): 1 | -1 {
  const n = perm.length;
  const seen = new Uint8Array(n);
  let s: 1 | -1 = 1;
  for (let i = 0; i < n; i++) {
    if (seen[i]) continue;
    let len = 0;
    for (let j = i; !seen[j]; j = perm[j]!) {
      seen[j] = 1;
      len++;
    }
    if ((len & 1) === 0) s = s === 1 ? -1 : 1;
  }
  return s;
}

/**
 * A sparse LU factorization P A Q = L U (L unit lower, U upper triangular).
 * `p[k]` / `q[k]` are the original row / column at step k, i.e.
 * (PAQ)[k, l] = A[p[k], q[l]].
 *
 * @example
 * ```ts
 * const F = lu(A);
 * const x = F.solve(b);          // A x = b
 * const y = F.solveTransposed(b); // Aᵀ y = b
 * const logdet = F.logAbsDet(), s = F.sign();
 * ```
 */
export class LuFactor {
  /** @internal */
  constructor(
    readonly n: number,
    /** p[k] = original row pivotal at step k. */
    readonly p: Int32Array,
    /** q[k] = original column eliminated at step k. */
    readonly q: Int32Array,
    private readonly Lp: Int32Array,
    private readonly Li: Int32Array, // step indices (> column), strictly lower part only
    private readonly Lx: Float64Array,
    private readonly Up: Int32Array,
    private readonly Ui: Int32Array, // step indices (< column), strictly upper part only
    private readonly Ux: Float64Array,
    private readonly Ud: Float64Array, // diagonal of U
  ) {}

  /** Entries of L, unit diagonal included. */
  get nnzL(): number {
    return (this.Lp[this.n] ?? 0) + this.n;
  }

  /** Entries of U, diagonal included. */
  get nnzU(): number {
    return (this.Up[this.n] ?? 0) + this.n;
  }

  private checkRhs(b: Float64Array | number[], what: string): void {
    if (b.length !== this.n) throw new DimensionMismatchError(what, `length ${this.n}`, `length ${b.length}`);
  }

  /** y = L\y, in place, step order */
  private lsolve(y: Float64Array): void {
    const { n, Lp, Li, Lx } = this;
    for (let j = 0; j < n; j++) {
      const yj = y[j]!;
      if (yj === 0) continue;
      for (let t = Lp[j]!, e = Lp[j + 1]!; t < e; t++) y[Li[t]!]! -= Lx[t]! * yj;
    }
  }

  /** y = U\y, in place */
  private usolve(y: Float64Array): void {
    const { n, Up, Ui, Ux, Ud } = this;
    for (let k = n - 1; k >= 0; k--) {
      const yk = y[k]! / Ud[k]!;
      y[k] = yk;
      if (yk === 0) continue;
      for (let t = Up[k]!, e = Up[k + 1]!; t < e; t++) y[Ui[t]!]! -= Ux[t]! * yk;
    }
  }

  /** y = U'\y, in place */
  private utsolve(y: Float64Array): void {
    const { n, Up, Ui, Ux, Ud } = this;
    for (let k = 0; k < n; k++) {
      let s = y[k]!;
      for (let t = Up[k]!, e = Up[k + 1]!; t < e; t++) s -= Ux[t]! * y[Ui[t]!]!;
      y[k] = s / Ud[k]!;
    }
  }

  /** y = L'\y, in place */
  private ltsolve(y: Float64Array): void {
    const { n, Lp, Li, Lx } = this;
    for (let j = n - 1; j >= 0; j--) {
      let s = y[j]!;
      for (let t = Lp[j]!, e = Lp[j + 1]!; t < e; t++) s -= Lx[t]! * y[Li[t]!]!;
      y[j] = s;
    }
  }

  /**
   * Solves A x = b. `b` is not modified.
   *
   * @example
   * ```ts
   * const x = lu(A).solve([1, 2, 3]);
   * ```
   */
  solve(b: Float64Array | number[]): Float64Array {
    this.checkRhs(b, 'LuFactor.solve');
    const { n, p, q } = this;
    const y = new Float64Array(n);
    for (let k = 0; k < n; k++) y[k] = b[p[k]!]!; // y = P b
    this.lsolve(y); // y = L\y
    this.usolve(y); // y = U\y
    const x = new Float64Array(n);
    for (let k = 0; k < n; k++) x[q[k]!] = y[k]!; // x = Q y
    return x;
  }

  /**
   * Solves Aᵀ x = b. `b` is not modified.
   *
   * @example
   * ```ts
   * const x = lu(A).solveTransposed([1, 2, 3]);
   * ```
   */
  solveTransposed(b: Float64Array | number[]): Float64Array {
    this.checkRhs(b, 'LuFactor.solveTransposed');
    const { n, p, q } = this;
    const y = new Float64Array(n);
    for (let k = 0; k < n; k++) y[k] = b[q[k]!]!; // y = Qᵀ b
    this.utsolve(y); // y = U'\y
    this.ltsolve(y); // y = L'\y
    const x = new Float64Array(n);
    for (let k = 0; k < n; k++) x[p[k]!] = y[k]!; // x = Pᵀ y
    return x;
  }

  /**
   * log |det A| = Σ log |U_kk| (0 for the 0×0 matrix).
   *
   * @example
   * ```ts
   * lu(A).logAbsDet();
   * ```
   */
  logAbsDet(): number {
    let s = 0;
    for (let k = 0; k < this.n; k++) s += Math.log(Math.abs(this.Ud[k]!));
    return s;
  }

  /**
   * Sign of det A: sign(Π U_kk) · sign(P) · sign(Q).
   *
   * @example
   * ```ts
   * const det = lu(A).sign() * Math.exp(lu(A).logAbsDet());
   * ```
   */
  sign(): 1 | -1 {
    let neg = false;
    for (let k = 0; k < this.n; k++) if (this.Ud[k]! < 0) neg = !neg;
    const s = parity(this.p) * parity(this.q);
    return (neg ? -s : s) as 1 | -1;
  }

  /**
   * L as a canonical CSC matrix in step order (unit diagonal stored).
   *
   * @example
   * ```ts
   * const L = lu(A).lower(); // P A Q = L U
   * ```
   */
  lower(): CscMatrix {
    const { n, Lp, Li, Lx } = this;
    const diag = new Float64Array(n).fill(1);
    return assemble(n, Lp, Li, Lx, diag, true);
  }

  /**
   * U as a canonical CSC matrix in step order (diagonal included).
   *
   * @example
   * ```ts
   * const U = lu(A).upper(); // P A Q = L U
   * ```
   */
  upper(): CscMatrix {
    const { n, Up, Ui, Ux, Ud } = this;
    return assemble(n, Up, Ui, Ux, Ud, false);
  }
}

/** Canonical CSC from off-diagonal columns (unsorted) plus a diagonal. */
function assemble(
  n: number,
  Cp: Int32Array,
  Ci: Int32Array,
  Cx: Float64Array,
  diag: Float64Array,
  diagFirst: boolean,
): CscMatrix {
  const colPtr = new Int32Array(n + 1);
  const nnz = (Cp[n] ?? 0) + n;
  const rowIdx = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let w = 0;
  const order: number[] = [];
  for (let j = 0; j < n; j++) {
    colPtr[j] = w;
    if (diagFirst) {
      rowIdx[w] = j;
      values[w++] = diag[j]!;
    }
    order.length = 0;
    for (let t = Cp[j]!; t < Cp[j + 1]!; t++) order.push(t);
    order.sort((a, b) => Ci[a]! - Ci[b]!);
    for (const t of order) {
      rowIdx[w] = Ci[t]!;
      values[w++] = Cx[t]!;
    }
    if (!diagFirst) {
      rowIdx[w] = j;
      values[w++] = diag[j]!;
    }
  }
  colPtr[n] = w;
  return new CscMatrix(n, n, colPtr, rowIdx, values);
}

/** Grows a typed array to at least `need` entries, keeping its contents. */
function growI(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}
function growF(a: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Float64Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}

/**
 * Sparse LU factorization with threshold partial pivoting, P A Q = L U, for
 * square (nonsymmetric or symmetric indefinite) matrices. `A` is not modified.
 *
 * Throws `DimensionMismatchError` if A is not square, `SingularMatrixError`
 * (with the original column index) if A is structurally or numerically
 * singular, `InvalidArgumentError` for bad options or non-finite entries.
 *
 * @example
 * ```ts
 * const A = new CscMatrix(2, 2, Int32Array.of(0, 1, 3), Int32Array.of(1, 0, 1), Float64Array.of(2, 1, 3));
 * const F = lu(A);                 // A = [[0, 1], [2, 3]]
 * F.solve([1, 5]);                 // Float64Array [1, 1]
 * F.sign() * Math.exp(F.logAbsDet()); // det = -2
 * ```
 */
export function lu(A: CscMatrix, options: LuOptions = {}): LuFactor {
  const n = A.ncol;
  if (A.nrow !== n) throw new DimensionMismatchError('lu', 'square matrix', `${A.nrow}x${A.ncol}`);
  const tol = options.pivotTolerance ?? 1;
  if (!(tol > 0 && tol <= 1)) throw new InvalidArgumentError('pivotTolerance', `must be in (0, 1], got ${tol}`);
  const singTol = options.singularTolerance ?? n * 2.220446049250313e-16;
  if (!(singTol >= 0 && singTol < 1)) {
    throw new InvalidArgumentError('singularTolerance', `must be in [0, 1), got ${singTol}`);
  }
  const S = options.symbolic ?? luAnalyze(A, options);
  if (S.n !== n) throw new DimensionMismatchError('lu: symbolic', `n = ${n}`, `n = ${S.n}`);
  const q = S.q;
  const Ap = A.colPtr;
  const Ai = A.rowIdx;
  const Ax = A.values;
  const anz = Ap[n] ?? 0;
  for (let t = 0; t < anz; t++) {
    if (!Number.isFinite(Ax[t]!)) throw new InvalidArgumentError('A', 'contains non-finite values');
  }

  // storage (grown on demand); L rows hold original row indices until the end
  let cap = Math.max(4 * anz + n, 16);
  let Li = new Int32Array(cap);
  let Lx = new Float64Array(cap);
  let ucap = cap;
  let Ui = new Int32Array(ucap);
  let Ux = new Float64Array(ucap);
  const Lp = new Int32Array(n + 1);
  const Up = new Int32Array(n + 1);
  const Ud = new Float64Array(n);
  // workspaces
  const pinv = new Int32Array(n).fill(-1); // pinv[i] = step at which row i is pivotal
  const x = new Float64Array(n); // dense accumulator, zero between columns
  const mark = new Int32Array(n).fill(-1);
  const xi = new Int32Array(n); // reach, topological order in xi[top..n)
  const stack = new Int32Array(n);
  const pos = new Int32Array(n);
  let lnz = 0;
  let unz = 0;

  for (let k = 0; k < n; k++) {
    Lp[k] = lnz;
    Up[k] = unz;
    if (lnz + n > cap) {
      cap = Math.max(2 * cap, lnz + n);
      Li = growI(Li, cap);
      Lx = growF(Lx, cap);
    }
    if (unz + n > ucap) {
      ucap = Math.max(2 * ucap, unz + n);
      Ui = growI(Ui, ucap);
      Ux = growF(Ux, ucap);
    }
    const col = q[k]!;
    const c0 = Ap[col]!;
    const c1 = Ap[col + 1]!;

    // reach: rows reachable from pattern of A(:,col) via i → L(:, pinv[i]) (DFS, postorder)
    let top = n;
    for (let t = c0; t < c1; t++) {
      const start = Ai[t]!;
      if (mark[start] === k) continue;
      let head = 0;
      stack[0] = start;
      mark[start] = k;
      const sp = pinv[start]!;
      pos[0] = sp >= 0 ? Lp[sp]! : 0;
      while (head >= 0) {
        const i = stack[head]!;
        const ip = pinv[i]!;
        let pushed = false;
        if (ip >= 0) {
          const end = Lp[ip + 1]!;
          for (let r = pos[head]!; r < end; r++) {
            const c = Li[r]!;
            if (mark[c] === k) continue;
            pos[head] = r + 1;
            mark[c] = k;
            stack[++head] = c;
            const cp = pinv[c]!;
            pos[head] = cp >= 0 ? Lp[cp]! : 0;
            pushed = true;
            break;
          }
        }
        if (!pushed) {
          head--;
          xi[--top] = i;
        }
      }
    }

    // x = L \ A(:,col) on the reach
    for (let t = c0; t < c1; t++) x[Ai[t]!]! += Ax[t]!;
    for (let t = top; t < n; t++) {
      const i = xi[t]!;
      const j = pinv[i]!;
      if (j < 0) continue;
      const xj = x[i]!;
      if (xj === 0) continue;
      for (let r = Lp[j]!, e = Lp[j + 1]!; r < e; r++) x[Li[r]!]! -= Lx[r]! * xj;
    }

    // U(:,k) from pivotal rows; pivot search among the others
    let ipiv = -1;
    let amax = -1;
    let xmax = 0;
    for (let t = top; t < n; t++) {
      const i = xi[t]!;
      const a = Math.abs(x[i]!);
      if (a > xmax) xmax = a;
      const j = pinv[i]!;
      if (j >= 0) {
        Ui[unz] = j;
        Ux[unz++] = x[i]!;
      } else if (a > amax) {
        amax = a;
        ipiv = i;
      }
    }
    if (ipiv < 0 || amax === 0 || amax <= singTol * xmax) {
      for (let t = top; t < n; t++) x[xi[t]!] = 0;
      throw new SingularMatrixError(col);
    }
    // prefer the diagonal (row col) under the threshold
    if (pinv[col]! < 0 && mark[col] === k && Math.abs(x[col]!) >= tol * amax) ipiv = col;
    const piv = x[ipiv]!;
    Ud[k] = piv;
    pinv[ipiv] = k;
    // L(:,k) = x(non-pivotal rows) / pivot
    for (let t = top; t < n; t++) {
      const i = xi[t]!;
      if (pinv[i]! < 0) {
        Li[lnz] = i;
        Lx[lnz++] = x[i]! / piv;
      }
      x[i] = 0;
    }
  }
  Lp[n] = lnz;
  Up[n] = unz;

  // p = inverse of pinv; L rows to step indices
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[pinv[i]!] = i;
  for (let t = 0; t < lnz; t++) Li[t] = pinv[Li[t]!]!;
  return new LuFactor(
    n,
    p,
    Int32Array.from(q),
    Lp,
    Li.slice(0, lnz),
    Lx.slice(0, lnz),
    Up,
    Ui.slice(0, unz),
    Ux.slice(0, unz),
    Ud,
  );
}
