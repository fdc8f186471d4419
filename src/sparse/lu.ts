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
 * with the same pattern); P is decided during the numeric phase. Once the
 * remaining Schur complement is dense (the trailing block of a crossed design)
 * it is assembled and finished by a blocked dense LU (the supernodal idea).
 */
import { CscMatrix } from './csc.js';
import { colamdLikeOrder, isPatternSymmetric, symmetricOrder } from './colorder.js';
import { DimensionMismatchError, InvalidArgumentError, SingularMatrixError } from '../errors.js';

/**
 * Column ordering choices for {@link lu}.
 *
 * @example
 * ```ts
 * const ord: LuOrdering = 'symmetric';
 * ```
 */
export type LuOrdering = 'auto' | 'colamd-like' | 'symmetric' | 'natural' | Int32Array;

/**
 * Options for {@link lu} and {@link luAnalyze}.
 *
 * @example
 * ```ts
 * const opts: LuOptions = { ordering: 'symmetric', pivotTolerance: 0.1 };
 * ```
 */
export interface LuOptions {
  /**
   * Column ordering Q: `'auto'` (default: `'symmetric'` when the pattern of A
   * is symmetric, else `'colamd-like'`), `'colamd-like'` (minimum degree on AᵀA),
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
  /**
   * Finish with a dense LU once the remaining Schur complement is dense
   * (crossed designs: the trailing block). Default true.
   */
  denseSwitch?: boolean;
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
 * const S = luAnalyze(A); // 'auto' ordering
 * S.q; // Int32Array permutation
 * ```
 */
export function luAnalyze(A: CscMatrix, options: LuOptions = {}): LuSymbolic {
  const n = A.ncol;
  if (A.nrow !== n) throw new DimensionMismatchError('lu', 'square matrix', `${A.nrow}x${A.ncol}`);
  const ord = options.ordering ?? 'auto';
  let q: Int32Array;
  if (ord instanceof Int32Array) {
    checkPermutation(ord, n);
    q = Int32Array.from(ord);
  } else if (ord === 'natural') {
    q = new Int32Array(n);
    for (let k = 0; k < n; k++) q[k] = k;
  } else if (ord === 'colamd-like' || (ord === 'auto' && !isPatternSymmetric(A))) {
    q = colamdLikeOrder(A);
  } else if (ord === 'symmetric' || ord === 'auto') {
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

/** Dense switch heuristic: after DENSE_RUN consecutive steps whose column has
 * at least DENSE_FRACTION of the remaining rows, factor the remaining
 * m × m Schur complement (DENSE_MIN ≤ m ≤ DENSE_MAX) as a dense matrix. */
const DENSE_FRACTION = 0.5;
const DENSE_RUN = 4;
const DENSE_MIN = 64;
const DENSE_MAX = 4096;

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
 * Storage and workspaces of the left-looking factorization, allocated once.
 * L row indices are original rows until the end; U row indices are steps.
 */
class LuWork {
  Li: Int32Array<ArrayBuffer>;
  Lx: Float64Array<ArrayBuffer>;
  Ui: Int32Array<ArrayBuffer>;
  Ux: Float64Array<ArrayBuffer>;
  lnz = 0;
  unz = 0;
  readonly Lp: Int32Array;
  readonly Up: Int32Array;
  readonly Ud: Float64Array;
  /** pinv[i] = step at which original row i is pivotal, -1 before */
  readonly pinv: Int32Array;
  /** dense accumulator, zero between columns */
  readonly x: Float64Array;
  readonly mark: Int32Array;
  /** reach in topological order: xi[top..n) */
  readonly xi: Int32Array;
  private readonly stack: Int32Array;
  private readonly pos: Int32Array;

  constructor(readonly n: number, cap: number) {
    this.Li = new Int32Array(cap);
    this.Lx = new Float64Array(cap);
    this.Ui = new Int32Array(cap);
    this.Ux = new Float64Array(cap);
    this.Lp = new Int32Array(n + 1);
    this.Up = new Int32Array(n + 1);
    this.Ud = new Float64Array(n);
    this.pinv = new Int32Array(n).fill(-1);
    this.x = new Float64Array(n);
    this.mark = new Int32Array(n).fill(-1);
    this.xi = new Int32Array(n);
    this.stack = new Int32Array(n);
    this.pos = new Int32Array(n);
  }

  /** Opens column k of L and U with room for n entries each. */
  startColumn(k: number): void {
    const n = this.n;
    this.Lp[k] = this.lnz;
    this.Up[k] = this.unz;
    if (this.lnz + n > this.Li.length) {
      const cap = Math.max(2 * this.Li.length, this.lnz + n);
      this.Li = growI(this.Li, cap);
      this.Lx = growF(this.Lx, cap);
    }
    if (this.unz + n > this.Ui.length) {
      const cap = Math.max(2 * this.Ui.length, this.unz + n);
      this.Ui = growI(this.Ui, cap);
      this.Ux = growF(this.Ux, cap);
    }
  }

  /**
   * x = L \ A(:,col) using the columns of L finished so far. Returns `top`:
   * the pattern of x is xi[top..n), in topological order (rows reachable from
   * the pattern of A(:,col) along i → L(:, pinv[i]); depth-first, postorder).
   * `stamp` must differ from every earlier call's.
   */
  solveColumn(A: CscMatrix, col: number, stamp: number): number {
    const { n, pinv, mark, xi, stack, pos, x, Lp, Li, Lx } = this;
    const Ap = A.colPtr;
    const Ai = A.rowIdx;
    const Ax = A.values;
    const c0 = Ap[col]!;
    const c1 = Ap[col + 1]!;
    let top = n;
    for (let t = c0; t < c1; t++) {
      const start = Ai[t]!;
      if (mark[start] === stamp) continue;
      let head = 0;
      stack[0] = start;
      mark[start] = stamp;
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
            if (mark[c] === stamp) continue;
            pos[head] = r + 1;
            mark[c] = stamp;
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
    // x = A(:,col), then eliminate with L in topological order
    for (let t = c0; t < c1; t++) x[Ai[t]!]! += Ax[t]!;
    for (let t = top; t < n; t++) {
      const i = xi[t]!;
      const j = pinv[i]!;
      if (j < 0) continue;
      const xj = x[i]!;
      if (xj === 0) continue;
      for (let r = Lp[j]!, e = Lp[j + 1]!; r < e; r++) x[Li[r]!]! -= Lx[r]! * xj;
    }
    return top;
  }

  /** x = 0 on the reach xi[top..n). */
  clearX(top: number): void {
    for (let t = top; t < this.n; t++) this.x[this.xi[t]!] = 0;
  }
}

/**
 * Finishes the factorization from step k0 with dense partial pivoting on the
 * m × m Schur complement S = A22 − L21 U12 (m = n − k0, rows = the rows not yet
 * pivotal): U12 and S come from sparse solves with the first k0 columns of L,
 * then S = L22 U22 (right-looking, row-major, whole-row swaps).
 */
function denseTail(A: CscMatrix, q: Int32Array, k0: number, W: LuWork, tol: number, singTol: number): void {
  const n = W.n;
  const m = n - k0;
  const { pinv, x, xi } = W;
  W.Lp[k0] = W.lnz; // closes L(:, k0-1) for the solves below
  const drow = new Int32Array(m); // drow[r] = original row at dense position r
  const dpos = new Int32Array(n).fill(-1); // inverse of drow for free rows
  let r = 0;
  for (let i = 0; i < n; i++) {
    if (pinv[i]! < 0) {
      drow[r] = i;
      dpos[i] = r++;
    }
  }
  const D = new Float64Array(m * m);
  const colmax = new Float64Array(m);
  // U12 columns, held aside until the dense part is done
  const tp = new Int32Array(m + 1);
  let ti = new Int32Array(Math.max(16, k0));
  let tx = new Float64Array(ti.length);
  let tnz = 0;
  for (let c = 0; c < m; c++) {
    const top = W.solveColumn(A, q[k0 + c]!, k0 + c);
    if (tnz + n > ti.length) {
      const cap = Math.max(2 * ti.length, tnz + n);
      ti = growI(ti, cap);
      tx = growF(tx, cap);
    }
    let cm = 0;
    for (let t = top; t < n; t++) {
      const i = xi[t]!;
      const v = x[i]!;
      x[i] = 0;
      const a = Math.abs(v);
      if (a > cm) cm = a;
      const j = pinv[i]!;
      if (j >= 0) {
        ti[tnz] = j;
        tx[tnz++] = v;
      } else {
        D[dpos[i]! * m + c] = v;
      }
    }
    colmax[c] = cm;
    tp[c + 1] = tnz;
  }

  denseFactor(m, D, drow, dpos, q, k0, colmax, tol, singTol);

  // emit columns k0.. of L and U
  for (let c = 0; c < m; c++) {
    const k = k0 + c;
    W.startColumn(k);
    let unz = W.unz;
    const Ui = W.Ui;
    const Ux = W.Ux;
    for (let t = tp[c]!; t < tp[c + 1]!; t++) {
      Ui[unz] = ti[t]!;
      Ux[unz++] = tx[t]!;
    }
    for (let s = 0; s < c; s++) {
      const v = D[s * m + c]!;
      if (v !== 0) {
        Ui[unz] = k0 + s;
        Ux[unz++] = v;
      }
    }
    W.unz = unz;
    W.Ud[k] = D[c * m + c]!;
    pinv[drow[c]!] = k;
    let lnz = W.lnz;
    const Li = W.Li;
    const Lx = W.Lx;
    for (let s = c + 1; s < m; s++) {
      const v = D[s * m + c]!;
      if (v !== 0) {
        Li[lnz] = drow[s]!;
        Lx[lnz++] = v;
      }
    }
    W.lnz = lnz;
  }
}

/** Panel width of the blocked dense LU. */
const NB = 32;

/**
 * D = L U in place (m × m, row-major), blocked right-looking with threshold
 * partial pivoting on whole rows; `drow`/`dpos` follow the row swaps. Column c
 * is original column q[k0 + c]; `colmax[c]` scales its singularity test.
 */
function denseFactor(
  m: number,
  D: Float64Array,
  drow: Int32Array,
  dpos: Int32Array,
  q: Int32Array,
  k0: number,
  colmax: Float64Array,
  tol: number,
  singTol: number,
): void {
  for (let b0 = 0; b0 < m; b0 += NB) {
    const b1 = Math.min(m, b0 + NB);
    // panel: columns b0..b1-1, unblocked
    for (let c = b0; c < b1; c++) {
      let rp = -1;
      let amax = -1;
      for (let s = c; s < m; s++) {
        const a = Math.abs(D[s * m + c]!);
        if (a > amax) {
          amax = a;
          rp = s;
        }
      }
      const col = q[k0 + c]!;
      if (amax === 0 || amax <= singTol * Math.max(colmax[c]!, amax)) throw new SingularMatrixError(col);
      const rd = dpos[col]!;
      if (rd >= c && Math.abs(D[rd * m + c]!) >= tol * amax) rp = rd;
      if (rp !== c) {
        // swap rows c and rp
        const oc = c * m;
        const op = rp * m;
        for (let j = 0; j < m; j++) {
          const t = D[oc + j]!;
          D[oc + j] = D[op + j]!;
          D[op + j] = t;
        }
        const ic = drow[c]!;
        const ip = drow[rp]!;
        drow[c] = ip;
        drow[rp] = ic;
        dpos[ip] = c;
        dpos[ic] = rp;
      }
      const oc = c * m;
      const piv = D[oc + c]!;
      for (let s = c + 1; s < m; s++) {
        const os = s * m;
        let l = D[os + c]!;
        if (l === 0) continue;
        l /= piv;
        D[os + c] = l;
        // D(s, c+1:b1) -= l · U(c, c+1:b1)
        for (let j = c + 1; j < b1; j++) D[os + j]! -= l * D[oc + j]!;
      }
    }
    if (b1 === m) break;
    // U12 = L11 \ A12 (rows b0..b1-1, columns b1..m-1)
    for (let i = b0 + 1; i < b1; i++) {
      const oi = i * m;
      for (let r = b0; r < i; r++) {
        const l = D[oi + r]!;
        if (l === 0) continue;
        const or = r * m;
        for (let j = b1; j < m; j++) D[oi + j]! -= l * D[or + j]!;
      }
    }
    // A22 -= L21 U12, four rows of U12 per pass
    for (let s = b1; s < m; s++) {
      const os = s * m;
      let r = b0;
      for (; r + 3 < b1; r += 4) {
        const l0 = D[os + r]!;
        const l1 = D[os + r + 1]!;
        const l2 = D[os + r + 2]!;
        const l3 = D[os + r + 3]!;
        if (l0 === 0 && l1 === 0 && l2 === 0 && l3 === 0) continue;
        const o0 = r * m;
        const o1 = o0 + m;
        const o2 = o1 + m;
        const o3 = o2 + m;
        for (let j = b1; j < m; j++) {
          D[os + j]! -= l0 * D[o0 + j]! + l1 * D[o1 + j]! + l2 * D[o2 + j]! + l3 * D[o3 + j]!;
        }
      }
      for (; r < b1; r++) {
        const l = D[os + r]!;
        if (l === 0) continue;
        const or = r * m;
        for (let j = b1; j < m; j++) D[os + j]! -= l * D[or + j]!;
      }
    }
  }
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
  const Ax = A.values;
  const anz = Ap[n] ?? 0;
  for (let t = 0; t < anz; t++) {
    if (!Number.isFinite(Ax[t]!)) throw new InvalidArgumentError('A', 'contains non-finite values');
  }

  const W = new LuWork(n, Math.max(4 * anz + n, 16));
  const denseSwitch = options.denseSwitch ?? true;
  let denseRun = 0; // consecutive steps with a dense column
  let k = 0;
  while (k < n) {
    const col = q[k]!;
    W.startColumn(k);
    const top = W.solveColumn(A, col, k); // x = L \ A(:,col) on the reach xi[top..n)
    const { x, xi, pinv } = W;
    // U(:,k) from pivotal rows; pivot search among the others
    let ipiv = -1;
    let amax = -1;
    let xmax = 0;
    let cand = 0;
    let unz = W.unz;
    const Ui = W.Ui;
    const Ux = W.Ux;
    for (let t = top; t < n; t++) {
      const i = xi[t]!;
      const a = Math.abs(x[i]!);
      if (a > xmax) xmax = a;
      const j = pinv[i]!;
      if (j >= 0) {
        Ui[unz] = j;
        Ux[unz++] = x[i]!;
      } else {
        cand++;
        if (a > amax) {
          amax = a;
          ipiv = i;
        }
      }
    }
    W.unz = unz;
    if (ipiv < 0 || amax === 0 || amax <= singTol * xmax) {
      W.clearX(top);
      throw new SingularMatrixError(col);
    }
    // prefer the diagonal (row col) under the threshold
    if (pinv[col]! < 0 && W.mark[col] === k && Math.abs(x[col]!) >= tol * amax) ipiv = col;
    const piv = x[ipiv]!;
    W.Ud[k] = piv;
    pinv[ipiv] = k;
    // L(:,k) = x(non-pivotal rows) / pivot
    let lnz = W.lnz;
    const Li = W.Li;
    const Lx = W.Lx;
    for (let t = top; t < n; t++) {
      const i = xi[t]!;
      if (pinv[i]! < 0) {
        Li[lnz] = i;
        Lx[lnz++] = x[i]! / piv;
      }
      x[i] = 0;
    }
    W.lnz = lnz;
    k++;
    // switch to dense once the remaining Schur complement looks dense
    const m = n - k;
    denseRun = cand >= DENSE_FRACTION * (m + 1) ? denseRun + 1 : 0;
    if (denseSwitch && denseRun >= DENSE_RUN && m >= DENSE_MIN && m <= DENSE_MAX) {
      denseTail(A, q, k, W, tol, singTol);
      k = n;
    }
  }
  W.Lp[n] = W.lnz;
  W.Up[n] = W.unz;

  // p = inverse of pinv; L rows to step indices
  const { pinv, Lp, Up, Ud } = W;
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[pinv[i]!] = i;
  const lnz = W.lnz;
  const Li = W.Li;
  for (let t = 0; t < lnz; t++) Li[t] = pinv[Li[t]!]!;
  return new LuFactor(
    n,
    p,
    Int32Array.from(q),
    Lp,
    Li.slice(0, lnz),
    W.Lx.slice(0, lnz),
    Up,
    W.Ui.slice(0, W.unz),
    W.Ux.slice(0, W.unz),
    Ud,
  );
}
