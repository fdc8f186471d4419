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
import { etree, postorder, columnCounts } from './etree.js';
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
export interface SymbolicCholesky {
  readonly n: number;
  /** new index k ↔ original index perm[k] */
  readonly perm: Int32Array;
  /** inverse of perm */
  readonly pinv: Int32Array;
  /** elimination tree of P·A·Pᵀ (postordered) */
  readonly parent: Int32Array;
  /** nonzeros per column of L (diagonal included) */
  readonly colCount: Int32Array;
  /** nonzeros of L (structural, diagonal included) */
  readonly nnzL: number;
  /** Σ colCount² — the usual operation count of the factorization */
  readonly flops: number;
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

/** Lower triangle (diagonal included) of P·A·Pᵀ by columns, with source indices into A. */
function permutedLower(A: CscMatrix, pinv: Int32Array): { colPtr: Int32Array; rowIdx: Int32Array; src: Int32Array } {
  const n = A.ncol;
  const cp = A.colPtr, ri = A.rowIdx;
  const cnt = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    for (let q = cp[j]!; q < cp[j + 1]!; q++) {
      const i = ri[q]!;
      if (i < j) continue;
      const a = pinv[i]!, b = pinv[j]!;
      cnt[(a < b ? a : b) + 1] = cnt[(a < b ? a : b) + 1]! + 1;
    }
  }
  for (let j = 0; j < n; j++) cnt[j + 1] = cnt[j + 1]! + cnt[j]!;
  const total = cnt[n]!;
  const rowIdx = new Int32Array(total);
  const src = new Int32Array(total);
  const pos = cnt.slice(0, n);
  for (let j = 0; j < n; j++) {
    for (let q = cp[j]!; q < cp[j + 1]!; q++) {
      const i = ri[q]!;
      if (i < j) continue;
      const a = pinv[i]!, b = pinv[j]!;
      const c = a < b ? a : b;
      const at = pos[c]!;
      pos[c] = at + 1;
      rowIdx[at] = a < b ? b : a;
      src[at] = q;
    }
  }
  return { colPtr: cnt, rowIdx, src };
}

/**
 * Strict upper triangle of P·A·Pᵀ (column r lists rows c < r), from the lower
 * triangle of A (row > column).
 */
function permutedUpper(A: CscMatrix, pinv: Int32Array): { colPtr: Int32Array; rowIdx: Int32Array } {
  const n = A.ncol;
  const cp = A.colPtr, ri = A.rowIdx;
  const cnt = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    const b = pinv[j]!;
    for (let q = cp[j]!; q < cp[j + 1]!; q++) {
      const i = ri[q]!;
      if (i <= j) continue;
      const a = pinv[i]!;
      cnt[(a > b ? a : b) + 1]!++;
    }
  }
  for (let j = 0; j < n; j++) cnt[j + 1]! += cnt[j]!;
  const rowIdx = new Int32Array(cnt[n]!);
  const pos = cnt.slice(0, n);
  for (let j = 0; j < n; j++) {
    const b = pinv[j]!;
    for (let q = cp[j]!; q < cp[j + 1]!; q++) {
      const i = ri[q]!;
      if (i <= j) continue;
      const a = pinv[i]!;
      if (a > b) rowIdx[pos[a]!++] = b;
      else rowIdx[pos[b]!++] = a;
    }
  }
  return { colPtr: cnt, rowIdx };
}

/** Relaxed amalgamation thresholds (columns, tolerated fraction of explicit zeros). */
function acceptMerge(cols: number, zfrac: number): boolean {
  if (cols <= 4) return true;
  if (cols <= 16) return zfrac < 0.8;
  if (cols <= 48) return zfrac < 0.1;
  return zfrac < 0.05;
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
    const seen = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const i = ordering[k]!;
      if (i < 0 || i >= n || seen[i]) throw new InvalidArgumentError('ordering', 'not a permutation of 0..n-1');
      seen[i] = 1;
    }
    return ordering.slice();
  }
  throw new InvalidArgumentError('ordering', `unknown ordering '${String(ordering)}'`);
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
 * counts (O(nnz(A) + nnz(L)) after the ordering). Only the LOWER triangle of
 * `A` is read.
 *
 * @example
 * ```ts
 * const { nnzL, flops } = choleskyCounts(A, { ordering: 'amd' });
 * ```
 */
export function choleskyCounts(A: CscMatrix, options: CholeskyOptions = {}): CholeskyCounts {
  const n = A.ncol;
  if (A.nrow !== n) throw new DimensionMismatchError('cholesky', 'a square matrix', `${A.nrow}x${A.ncol}`);
  const perm0 = resolveOrdering(A, options.ordering);
  const pinv0 = new Int32Array(n);
  for (let k = 0; k < n; k++) pinv0[perm0[k]!] = k;
  // etree and counts of P₀·A·P₀ᵀ, then relabel by its postorder (same tree, same counts)
  const up0 = permutedUpper(A, pinv0);
  const parent0 = etree(n, up0.colPtr, up0.rowIdx);
  const count0 = columnCounts(n, up0.colPtr, up0.rowIdx, parent0);
  const post = postorder(parent0);
  const perm = new Int32Array(n);
  const pinv = new Int32Array(n);
  const postInv = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const old = post[k]!;
    postInv[old] = k;
    perm[k] = perm0[old]!;
    pinv[perm[k]!] = k;
  }
  const parent = new Int32Array(n);
  const colCount = new Int32Array(n);
  let nnzL = 0;
  let flops = 0;
  for (let k = 0; k < n; k++) {
    const old = post[k]!;
    const p = parent0[old]!;
    parent[k] = p === -1 ? -1 : postInv[p]!;
    const c = count0[old]!;
    colCount[k] = c;
    nnzL += c;
    flops += c * c;
  }
  return { n, perm, pinv, parent, colCount, nnzL, flops };
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
  const { n, perm, pinv, parent, colCount, nnzL, flops } = choleskyCounts(A, options);
  const low = permutedLower(A, pinv);

  // fundamental supernodes: j-1 joins j when j is its parent, its only child, and counts nest
  const nchild = new Int32Array(n);
  for (let j = 0; j < n; j++) if (parent[j]! !== -1) nchild[parent[j]!] = nchild[parent[j]!]! + 1;
  const fstart: number[] = [];
  for (let j = 0; j < n; j++) {
    const joins = j > 0 && parent[j - 1] === j && colCount[j - 1] === colCount[j]! + 1 && nchild[j] === 1;
    if (!joins) fstart.push(j);
  }
  fstart.push(n);

  // relaxed amalgamation: merge the preceding group into s when it is a child of s
  const gStart: number[] = [];
  const gRows: number[] = []; // rows of the group's first column (m)
  const gZeros: number[] = [];
  for (let f = 0; f + 1 < fstart.length; f++) {
    const first = fstart[f]!, end = fstart[f + 1]!;
    const ncols = end - first;
    const m = colCount[first]!;
    const g = gStart.length - 1;
    if (g >= 0 && parent[first - 1] === first) {
      const gFirst = gStart[g]!;
      const gCols = first - gFirst;
      const gm = gRows[g]!;
      const newCols = gCols + ncols;
      const newM = gCols + m;
      const trap = (c: number, mm: number): number => c * mm - (c * (c - 1)) / 2;
      const nzG = trap(gCols, gm) - gZeros[g]!;
      const nzS = trap(ncols, m);
      const zeros = trap(newCols, newM) - nzG - nzS;
      if (acceptMerge(newCols, zeros / trap(newCols, newM))) {
        gRows[g] = newM;
        gZeros[g] = zeros;
        continue;
      }
    }
    gStart.push(first);
    gRows.push(m);
    gZeros.push(0);
  }
  const nsuper = gStart.length;
  const superStart = new Int32Array(nsuper + 1);
  for (let s = 0; s < nsuper; s++) superStart[s] = gStart[s]!;
  superStart[nsuper] = n;
  const colToSuper = new Int32Array(n);
  for (let s = 0; s < nsuper; s++) for (let j = superStart[s]!; j < superStart[s + 1]!; j++) colToSuper[j] = s;
  const superParent = new Int32Array(nsuper).fill(-1);
  for (let s = 0; s < nsuper; s++) {
    const last = superStart[s + 1]! - 1;
    const p = parent[last]!;
    if (p !== -1) superParent[s] = colToSuper[p]!;
  }

  // row structure: own columns ∪ A's rows below ∪ children's rows below
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
  const superRows = new Int32Array(superRowPtr[nsuper]!);
  const chHead = new Int32Array(nsuper).fill(-1);
  const chNext = new Int32Array(nsuper).fill(-1);
  for (let s = nsuper - 1; s >= 0; s--) {
    const p = superParent[s]!;
    if (p === -1) continue;
    chNext[s] = chHead[p]!;
    chHead[p] = s;
  }
  const mark = new Int32Array(n).fill(-1);
  const lcp = low.colPtr, lri = low.rowIdx;
  for (let s = 0; s < nsuper; s++) {
    const f = superStart[s]!, l = superStart[s + 1]! - 1;
    const r0 = superRowPtr[s]!, r1 = superRowPtr[s + 1]!;
    let at = r0;
    for (let j = f; j <= l; j++) superRows[at++] = j;
    const b0 = at;
    // rows below: A's entries in the supernode's columns ∪ the children's rows
    for (let p = lcp[f]!; p < lcp[l + 1]!; p++) {
      const r = lri[p]!;
      if (r > l && mark[r] !== s) {
        if (at >= r1) throw new InvalidArgumentError('A', 'internal error: supernode row count mismatch');
        mark[r] = s;
        superRows[at++] = r;
      }
    }
    for (let t = chHead[s]!; t !== -1; t = chNext[t]!) {
      for (let p = superRowPtr[t]!; p < superRowPtr[t + 1]!; p++) {
        const r = superRows[p]!;
        if (r > l && mark[r] !== s) {
          if (at >= r1) throw new InvalidArgumentError('A', 'internal error: supernode row count mismatch');
          mark[r] = s;
          superRows[at++] = r;
        }
      }
    }
    if (at !== r1) throw new InvalidArgumentError('A', 'internal error: supernode row count mismatch');
    superRows.subarray(b0, r1).sort();
  }

  const superValPtr = new Int32Array(nsuper + 1);
  for (let s = 0; s < nsuper; s++) {
    const ncols = superStart[s + 1]! - superStart[s]!;
    const m = superRowPtr[s + 1]! - superRowPtr[s]!;
    const next = superValPtr[s]! + m * ncols;
    if (next > 2 ** 31 - 1) throw new InvalidArgumentError('A', 'factor too large for 32-bit indexing');
    superValPtr[s + 1] = next;
  }

  // scatter map: A's q-th entry → L storage index
  const aMap = new Int32Array(A.colPtr[n]!).fill(-1);
  const relpos = new Int32Array(n);
  for (let s = 0; s < nsuper; s++) {
    const f = superStart[s]!, l = superStart[s + 1]! - 1;
    const r0 = superRowPtr[s]!, m = superRowPtr[s + 1]! - r0;
    for (let t = 0; t < m; t++) relpos[superRows[r0 + t]!] = t;
    const base = superValPtr[s]!;
    for (let j = f; j <= l; j++) {
      for (let p = low.colPtr[j]!; p < low.colPtr[j + 1]!; p++) {
        aMap[low.src[p]!] = base + (j - f) * m + relpos[low.rowIdx[p]!]!;
      }
    }
  }

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
