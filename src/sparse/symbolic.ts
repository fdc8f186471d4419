/**
 * Symbolic analysis for the supernodal Cholesky factorization: fill-reducing
 * ordering, elimination tree and its postorder, column counts, fundamental
 * supernodes with relaxed amalgamation, the row structure of each supernode,
 * and a scatter map from the values of A into the factor's storage.
 *
 * Storage of L: supernode s owns columns `superStart[s] .. superStart[s+1]-1`
 * (n_s of them) and the sorted rows `superRows[superRowPtr[s] ..
 * superRowPtr[s+1]-1]` (m_s of them, the first n_s being its own columns). Its
 * values form an m_s × n_s column-major block at `superValPtr[s]`
 * (leading dimension m_s); the strict upper triangle of the top n_s × n_s block
 * is unused.
 */
import type { CscMatrix } from './csc.js';
import { amd } from './amd.js';
import { etree, postorder, columnCountsPostordered } from './etree.js';
import { DimensionMismatchError, InvalidArgumentError } from '../errors.js';

/** Options of {@link symbolicCholesky} and `cholesky`. */
export interface CholeskyOptions {
  /**
   * Fill-reducing ordering: `'amd'` (default), `'natural'`, or an explicit
   * permutation (new index k ↔ original `perm[k]`). The elimination tree is
   * postordered afterwards, which leaves the fill unchanged.
   */
  ordering?: 'amd' | 'natural' | Int32Array;
}

/** Result of the symbolic analysis; immutable, shared by numeric factorizations. */
export interface SymbolicCholesky extends CholeskyCounts {
  readonly nsuper: number;
  readonly superStart: Int32Array;
  readonly superParent: Int32Array;
  readonly colToSuper: Int32Array;
  readonly superRowPtr: Int32Array;
  readonly superRows: Int32Array;
  readonly superValPtr: Int32Array;
  /** for each stored entry q of A: index into L storage, or -1 (upper triangle) */
  readonly aMap: Int32Array;
  /** analysed pattern of A (copies), to check refactorization inputs */
  readonly aColPtr: Int32Array;
  readonly aRowIdx: Int32Array;
  /** largest m_s and n_s over supernodes */
  readonly maxRows: number;
  readonly maxCols: number;
}

/**
 * A triangle of P·A·Pᵀ by columns from A's lower triangle (row ≥ column):
 * `upper` false, the lower one, diagonal included (column min(a, b), row
 * max(a, b)); true, the strict upper one (column max, row min). `src[t]` is
 * the index in A of entry t.
 */
function permutedTriangle(A: CscMatrix, pinv: Int32Array, upper: boolean): { colPtr: Int32Array; rowIdx: Int32Array; src: Int32Array } {
  const n = A.ncol;
  const cp = A.colPtr, ri = A.rowIdx;
  const first = upper ? 1 : 0; // rows i ≥ j + first
  const cnt = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    const b = pinv[j]!;
    for (let q = cp[j]!; q < cp[j + 1]!; q++) {
      if (ri[q]! < j + first) continue;
      const a = pinv[ri[q]!]!;
      cnt[(upper ? Math.max(a, b) : Math.min(a, b)) + 1]!++;
    }
  }
  for (let j = 0; j < n; j++) cnt[j + 1]! += cnt[j]!;
  const total = cnt[n]!;
  const rowIdx = new Int32Array(total);
  const src = new Int32Array(total);
  const pos = cnt.slice(0, n);
  for (let j = 0; j < n; j++) {
    const b = pinv[j]!;
    for (let q = cp[j]!; q < cp[j + 1]!; q++) {
      if (ri[q]! < j + first) continue;
      const a = pinv[ri[q]!]!;
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      const at = pos[upper ? hi : lo]!++;
      rowIdx[at] = upper ? lo : hi;
      src[at] = q;
    }
  }
  return { colPtr: cnt, rowIdx, src };
}

/** Relaxed amalgamation thresholds (columns, tolerated fraction of explicit zeros). */
function acceptMerge(cols: number, zfrac: number): boolean {
  if (cols <= 4) return true;
  if (cols <= 16) return zfrac < 0.8;
  if (cols <= 48) return zfrac < 0.1;
  return zfrac < 0.05;
}

function isPermutation(p: Int32Array): boolean {
  const n = p.length;
  const seen = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = p[k]!;
    if (i < 0 || i >= n || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
}

function resolveOrdering(A: CscMatrix, ordering: CholeskyOptions['ordering']): Int32Array {
  const n = A.ncol;
  if (ordering === undefined || ordering === 'amd') return amd(A);
  if (ordering === 'natural') {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return p;
  }
  if (ordering instanceof Int32Array) {
    if (ordering.length !== n) throw new InvalidArgumentError('ordering', `permutation of length ${ordering.length}, expected ${n}`);
    if (!isPermutation(ordering)) throw new InvalidArgumentError('ordering', 'not a permutation of 0..n-1');
    return ordering;
  }
  throw new InvalidArgumentError('ordering', `unknown ordering '${String(ordering)}'`);
}

/**
 * The diagonal of a matrix stored in S's supernodal layout (L's `Lx`, or a
 * selected inverse's `Zx`), in the factor's order: out[k] = X(k, k).
 *
 * @example
 * ```ts
 * const dl = supernodalDiagonal(F.symbolic, F.Lx); // dl[k] = L_kk
 * ```
 */
export function supernodalDiagonal(S: SymbolicCholesky, X: Float64Array): Float64Array {
  const { nsuper, superStart, superRowPtr, superValPtr } = S;
  const out = new Float64Array(S.n);
  for (let s = 0; s < nsuper; s++) {
    const f = superStart[s]!;
    const ns = superStart[s + 1]! - f;
    const m = superRowPtr[s + 1]! - superRowPtr[s]!;
    const base = superValPtr[s]!;
    for (let j = 0; j < ns; j++) out[f + j] = X[base + j * m + j]!;
  }
  return out;
}

/** Ordering, elimination tree and column counts of L: the part of the analysis that fixes the fill. */
export interface CholeskyCounts {
  readonly n: number;
  /** new index k ↔ original index perm[k] (the elimination tree is postordered) */
  readonly perm: Int32Array;
  /** inverse of perm */
  readonly pinv: Int32Array;
  /** elimination tree of P·A·Pᵀ */
  readonly parent: Int32Array;
  /** nonzeros per column of L (diagonal included) */
  readonly colCount: Int32Array;
  /** Σ colCount */
  readonly nnzL: number;
  /** Σ colCount² */
  readonly flops: number;
}

/**
 * Fill of the Cholesky factor of a symmetric matrix under an ordering, without
 * the supernodal structure: ordering, postordered elimination tree, column
 * counts (O(nnz(A)·α) after the ordering). Only the LOWER triangle of
 * `A` is read.
 *
 * @example
 * ```ts
 * const { nnzL, flops } = choleskyCounts(A, { ordering: 'amd' });
 * ```
 */
export function choleskyCounts(A: CscMatrix, options: CholeskyOptions = {}): CholeskyCounts {
  return countsAndRows(A, options).counts;
}

/**
 * {@link choleskyCounts}, plus the strict upper pattern of P₀·A·P₀ᵀ (before the
 * postorder; row k of the final P·A·Pᵀ is column post[k] of `up0`, relabelled
 * by postInv) and the lower triangle of the final P·A·Pᵀ with source indices.
 */
function countsAndRows(
  A: CscMatrix,
  options: CholeskyOptions,
): {
  counts: CholeskyCounts;
  up0: { colPtr: Int32Array; rowIdx: Int32Array };
  post: Int32Array;
  postInv: Int32Array;
  low: { colPtr: Int32Array; rowIdx: Int32Array; src: Int32Array };
} {
  const n = A.ncol;
  if (A.nrow !== n) throw new DimensionMismatchError('cholesky', 'a square matrix', `${A.nrow}x${A.ncol}`);
  const perm0 = resolveOrdering(A, options.ordering);
  const pinv0 = new Int32Array(n);
  for (let k = 0; k < n; k++) pinv0[perm0[k]!] = k;
  // etree of P₀·A·P₀ᵀ and its postorder; then counts on the postordered matrix (Gilbert–Ng–Peyton)
  const up0 = permutedTriangle(A, pinv0, true);
  const parent0 = etree(n, up0.colPtr, up0.rowIdx);
  const post = postorder(parent0);
  const { perm, pinv, postInv } = composePostorder(perm0, post);
  const parent = relabelTree(post, postInv, parent0);
  const low = permutedTriangle(A, pinv, false);
  const colCount = columnCountsPostordered(n, low.colPtr, low.rowIdx, parent);
  let nnzL = 0;
  let flops = 0;
  for (let k = 0; k < n; k++) {
    const c = colCount[k]!;
    nnzL += c;
    flops += c * c;
  }
  return { counts: { n, perm, pinv, parent, colCount, nnzL, flops }, up0, post, postInv, low };
}

/** parent in postorder labels */
function relabelTree(post: Int32Array, postInv: Int32Array, parent0: Int32Array): Int32Array {
  const n = post.length;
  const parent = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const p = parent0[post[k]!]!;
    parent[k] = p === -1 ? -1 : postInv[p]!;
  }
  return parent;
}

/** perm = perm₀ ∘ post, its inverse, and post's inverse. */
function composePostorder(perm0: Int32Array, post: Int32Array): { perm: Int32Array; pinv: Int32Array; postInv: Int32Array } {
  const n = perm0.length;
  const perm = new Int32Array(n);
  const pinv = new Int32Array(n);
  const postInv = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const old = post[k]!;
    postInv[old] = k;
    const i = perm0[old]!;
    perm[k] = i;
    pinv[i] = k;
  }
  return { perm, pinv, postInv };
}

/**
 * Symbolic Cholesky analysis of a symmetric matrix. Only the LOWER triangle of
 * `A` (row ≥ column) is read: pass both triangles or the lower one.
 *
 * @example
 * ```ts
 * const S = symbolicCholesky(A);           // once per pattern
 * const F = CholeskyFactor.fromSymbolic(S);
 * F.refactor(A);                            // many times, new values
 * ```
 */
export function symbolicCholesky(A: CscMatrix, options: CholeskyOptions = {}): SymbolicCholesky {
  const { counts, up0, post, postInv, low } = countsAndRows(A, options);
  const { n, perm, pinv, parent, colCount, nnzL, flops } = counts;
  const fstart = fundamentalSupernodes(n, parent, colCount);
  const { nsuper, superStart } = amalgamate(fstart, parent, colCount);
  const { colToSuper, superParent } = supernodalTree(n, nsuper, superStart, parent);
  const { superRowPtr, maxRows, maxCols } = superRowCounts(nsuper, superStart, colCount);
  const superRows = superRowStructure(n, nsuper, superStart, superRowPtr, colToSuper, superParent, up0, post, postInv);
  const superValPtr = valuePointers(nsuper, superStart, superRowPtr);
  const aMap = scatterMap(A.colPtr[n]!, nsuper, superStart, superRowPtr, superRows, superValPtr, low);
  return {
    n,
    perm,
    pinv,
    parent,
    colCount,
    nnzL,
    flops,
    nsuper,
    superStart,
    superParent,
    colToSuper,
    superRowPtr,
    superRows,
    superValPtr,
    aMap,
    aColPtr: A.colPtr.slice(),
    aRowIdx: A.rowIdx.slice(),
    maxRows,
    maxCols,
  };
}

/**
 * Fundamental supernodes: j−1 joins j when j is its parent, its only child, and
 * their counts nest. Returns the first column of each, then n (length nfund + 1).
 */
function fundamentalSupernodes(n: number, parent: Int32Array, colCount: Int32Array): Int32Array {
  const nchild = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const p = parent[j]!;
    if (p !== -1) nchild[p]!++;
  }
  const fstart = new Int32Array(n + 1);
  let nf = 0;
  for (let j = 0; j < n; j++) {
    const joins = j > 0 && parent[j - 1] === j && colCount[j - 1] === colCount[j]! + 1 && nchild[j] === 1;
    if (!joins) fstart[nf++] = j;
  }
  fstart[nf++] = n;
  return fstart.subarray(0, nf);
}

/** Relaxed amalgamation: merge the preceding group into s when it is a child of s and few zeros are added. */
function amalgamate(fstart: Int32Array, parent: Int32Array, colCount: Int32Array): { nsuper: number; superStart: Int32Array } {
  const nf = fstart.length - 1;
  const n = fstart[nf]!;
  const gStart = new Int32Array(nf + 1);
  const gRows = new Float64Array(nf); // rows of the group's first column (m)
  const gZeros = new Float64Array(nf);
  let ng = 0;
  for (let f = 0; f < nf; f++) {
    const first = fstart[f]!, end = fstart[f + 1]!;
    const ncols = end - first;
    const m = colCount[first]!;
    const g = ng - 1;
    if (g >= 0 && parent[first - 1] === first) {
      const gCols = first - gStart[g]!;
      const gm = gRows[g]!;
      const newCols = gCols + ncols;
      const newM = gCols + m;
      // entries of a c-column trapezoid with mm rows in its first column
      const nzG = gCols * gm - (gCols * (gCols - 1)) / 2 - gZeros[g]!;
      const nzS = ncols * m - (ncols * (ncols - 1)) / 2;
      const all = newCols * newM - (newCols * (newCols - 1)) / 2;
      const zeros = all - nzG - nzS;
      if (acceptMerge(newCols, zeros / all)) {
        gRows[g] = newM;
        gZeros[g] = zeros;
        continue;
      }
    }
    gStart[ng] = first;
    gRows[ng] = m;
    gZeros[ng] = 0;
    ng++;
  }
  gStart[ng] = n;
  return { nsuper: ng, superStart: gStart.slice(0, ng + 1) };
}

/** Column → supernode map and the supernodal elimination tree. */
function supernodalTree(
  n: number,
  nsuper: number,
  superStart: Int32Array,
  parent: Int32Array,
): { colToSuper: Int32Array; superParent: Int32Array } {
  const colToSuper = new Int32Array(n);
  for (let s = 0; s < nsuper; s++) for (let j = superStart[s]!; j < superStart[s + 1]!; j++) colToSuper[j] = s;
  const superParent = new Int32Array(nsuper).fill(-1);
  for (let s = 0; s < nsuper; s++) {
    const p = parent[superStart[s + 1]! - 1]!;
    if (p !== -1) superParent[s] = colToSuper[p]!;
  }
  return { colToSuper, superParent };
}

/** Rows per supernode: own columns + (colCount of its last column − 1). */
function superRowCounts(
  nsuper: number,
  superStart: Int32Array,
  colCount: Int32Array,
): { superRowPtr: Int32Array; maxRows: number; maxCols: number } {
  const superRowPtr = new Int32Array(nsuper + 1);
  let maxRows = 0;
  let maxCols = 0;
  for (let s = 0; s < nsuper; s++) {
    const f = superStart[s]!, l = superStart[s + 1]! - 1;
    const m = l - f + 1 + colCount[l]! - 1;
    superRowPtr[s + 1] = superRowPtr[s]! + m;
    if (m > maxRows) maxRows = m;
    if (l - f + 1 > maxCols) maxCols = l - f + 1;
  }
  return { superRowPtr, maxRows, maxCols };
}

/**
 * Rows of each supernode, increasing: its own columns, then, by a row-subtree
 * walk for k = 0, 1, …, row k in every supernode on the path from the
 * supernode of each A(k, j) (j < k) up to k's own, stopping at one that already
 * has row k. O(|supernodal pattern| + nnz(A)), no sorting.
 */
function superRowStructure(
  n: number,
  nsuper: number,
  superStart: Int32Array,
  superRowPtr: Int32Array,
  colToSuper: Int32Array,
  superParent: Int32Array,
  up0: { colPtr: Int32Array; rowIdx: Int32Array },
  post: Int32Array,
  postInv: Int32Array,
): Int32Array {
  const superRows = new Int32Array(superRowPtr[nsuper]!);
  const fillAt = new Int32Array(nsuper);
  for (let s = 0; s < nsuper; s++) {
    let at = superRowPtr[s]!;
    for (let j = superStart[s]!; j < superStart[s + 1]!; j++) superRows[at++] = j;
    fillAt[s] = at;
  }
  const smark = new Int32Array(nsuper).fill(-1);
  const ucp = up0.colPtr, uri = up0.rowIdx;
  for (let k = 0; k < n; k++) {
    smark[colToSuper[k]!] = k;
    const old = post[k]!;
    for (let p = ucp[old]!; p < ucp[old + 1]!; p++) {
      for (let s = colToSuper[postInv[uri[p]!]!]!; s >= 0 && smark[s] !== k; s = superParent[s]!) {
        smark[s] = k;
        const at = fillAt[s]!;
        if (at >= superRowPtr[s + 1]!) throw new InvalidArgumentError('A', 'internal error: supernode row count mismatch');
        superRows[at] = k;
        fillAt[s] = at + 1;
      }
    }
  }
  for (let s = 0; s < nsuper; s++) {
    if (fillAt[s] !== superRowPtr[s + 1]) throw new InvalidArgumentError('A', 'internal error: supernode row count mismatch');
  }
  return superRows;
}

/** Start of each supernode's m_s × n_s value block. */
function valuePointers(nsuper: number, superStart: Int32Array, superRowPtr: Int32Array): Int32Array {
  const superValPtr = new Int32Array(nsuper + 1);
  for (let s = 0; s < nsuper; s++) {
    const ncols = superStart[s + 1]! - superStart[s]!;
    const m = superRowPtr[s + 1]! - superRowPtr[s]!;
    const next = superValPtr[s]! + m * ncols;
    if (next > 2 ** 31 - 1) throw new InvalidArgumentError('A', 'factor too large for 32-bit indexing');
    superValPtr[s + 1] = next;
  }
  return superValPtr;
}

/** Scatter map: A's q-th stored entry (lower triangle) → index into L's storage; −1 elsewhere. */
function scatterMap(
  nnzA: number,
  nsuper: number,
  superStart: Int32Array,
  superRowPtr: Int32Array,
  superRows: Int32Array,
  superValPtr: Int32Array,
  low: { colPtr: Int32Array; rowIdx: Int32Array; src: Int32Array },
): Int32Array {
  const aMap = new Int32Array(nnzA).fill(-1);
  const relpos = new Int32Array(superStart[nsuper]!);
  const lcp = low.colPtr, lri = low.rowIdx, lsrc = low.src;
  for (let s = 0; s < nsuper; s++) {
    const f = superStart[s]!, l = superStart[s + 1]! - 1;
    const r0 = superRowPtr[s]!, m = superRowPtr[s + 1]! - r0;
    for (let t = 0; t < m; t++) relpos[superRows[r0 + t]!] = t;
    const base = superValPtr[s]!;
    for (let j = f; j <= l; j++) {
      const cb = base + (j - f) * m;
      for (let p = lcp[j]!; p < lcp[j + 1]!; p++) aMap[lsrc[p]!] = cb + relpos[lri[p]!]!;
    }
  }
  return aMap;
}
