/**
 * Symbolic analysis for the block Cholesky of a symmetric matrix whose leading
 * block is diagonal (see {@link SchurCholesky}): A = [D C; Cᵀ A₂₂] with D
 * diagonal. Records where D, C and A₂₂ live in A's value array so that each
 * numeric refactorization is a gather plus dense work on the trailing block.
 */
import type { CscMatrix } from './csc.js';
import { isPatternSymmetric } from './colorder.js';
import { DimensionMismatchError, InvalidArgumentError } from '../errors.js';

/** Options of {@link analyzeSchur}. */
export interface SchurOptions {
  /** first column of the diagonal block (default 0): the block is columns leadStart … leadStart + leadSize − 1 */
  leadStart?: number;
  /**
   * order of the trailing columns (every other column exactly once, original
   * indices); default: by increasing number of neighbours in the lead block, ties by index
   */
  trailingOrder?: Int32Array;
}

/**
 * Structure of a Schur-complement Cholesky, fixed by the pattern of A.
 *
 * @example
 * ```ts
 * const S = schurSymbolic(A, 100); // columns 0..99 form the diagonal block
 * S.m2;                            // size of the trailing (dense) block
 * ```
 */
export interface SchurSymbolic {
  /** dimension of A */
  n: number;
  /** size of the diagonal lead block */
  q1: number;
  /** size of the trailing block */
  m2: number;
  /** first column of the lead block */
  s0: number;
  /** trailing position → original column */
  tcol: Int32Array;
  /** original column → trailing position (−1 for lead columns) */
  tpos: Int32Array;
  /** lead i → index of A(s0+i, s0+i) in A's values (−1: structurally zero) */
  dPos: Int32Array;
  /** C row i (lead i) occupies cPtr[i] … cPtr[i+1]−1, trailing positions cA increasing */
  cPtr: Int32Array;
  cA: Int32Array;
  /** index in A's values of each C entry */
  cM: Int32Array;
  /** A₂₂ entries with trailing row ≥ trailing column: dense destination (column-major m2 × m2) and source index */
  m22Dst: Int32Array;
  m22Src: Int32Array;
  /** number of stored entries of A (length the values array must have) */
  nnz: number;
}

/**
 * Analyse the pattern of a symmetric A (both triangles stored) with a
 * diagonal leading block. Throws `InvalidArgumentError` if the block is not
 * diagonal, the pattern is not symmetric or the options are inconsistent.
 *
 * @example
 * ```ts
 * const S = schurSymbolic(A, 50, { leadStart: 10 }); // columns 10..59 diagonal
 * ```
 */
export function schurSymbolic(A: CscMatrix, leadSize: number, options: SchurOptions = {}): SchurSymbolic {
  const n = A.ncol;
  if (A.nrow !== n) throw new DimensionMismatchError('analyzeSchur', `${n}x${n}`, `${A.nrow}x${n}`);
  const s0 = options.leadStart ?? 0;
  if (!Number.isInteger(leadSize) || leadSize < 0 || leadSize > n) {
    throw new InvalidArgumentError('leadSize', `must be an integer in [0, ${n}], got ${leadSize}`);
  }
  if (!Number.isInteger(s0) || s0 < 0 || s0 + leadSize > n) {
    throw new InvalidArgumentError('leadStart', `must be an integer with leadStart + leadSize ≤ ${n}, got ${s0}`);
  }
  const q1 = leadSize;
  const s1 = s0 + q1;
  const mp = A.colPtr;
  const mr = A.rowIdx;
  for (let j = s0; j < s1; j++)
    for (let t = mp[j]!; t < mp[j + 1]!; t++) {
      const i = mr[t]!;
      if (i >= s0 && i < s1 && i !== j) {
        throw new InvalidArgumentError('A', `the leading ${q1}×${q1} block is not diagonal: entry (${i}, ${j})`);
      }
    }
  if (!isPatternSymmetric(A)) throw new InvalidArgumentError('A', 'pattern is not symmetric (store both triangles)');
  const m2 = n - q1;
  const tcol = options.trailingOrder ? Int32Array.from(options.trailingOrder) : leadDegreeOrder(A, s0, q1);
  if (tcol.length !== m2) throw new DimensionMismatchError('trailingOrder', `${m2}`, `${tcol.length}`);
  const tpos = new Int32Array(n).fill(-1);
  for (let a = 0; a < m2; a++) {
    const j = tcol[a]!;
    if (!(j >= 0 && j < n) || (j >= s0 && j < s1) || tpos[j] !== -1) {
      throw new InvalidArgumentError('trailingOrder', `entry ${a} (${j}) is not a new non-lead column`);
    }
    tpos[j] = a;
  }
  const dPos = new Int32Array(q1).fill(-1);
  const cPtr = new Int32Array(q1 + 1);
  for (let i = 0; i < q1; i++) {
    const j = s0 + i;
    let cnt = 0;
    for (let t = mp[j]!; t < mp[j + 1]!; t++) {
      if (mr[t] === j) dPos[i] = t;
      else if (tpos[mr[t]!]! >= 0) cnt++;
    }
    cPtr[i + 1] = cPtr[i]! + cnt;
  }
  const nc = cPtr[q1]!;
  const cA = new Int32Array(nc);
  const cM = new Int32Array(nc);
  // C(i, ·) by increasing trailing position: walk the trailing columns in order and take
  // their lead rows (A symmetric: entry (a, i) of column tcol[a])
  const next = cPtr.slice(0, q1);
  for (let a = 0; a < m2; a++) {
    const j = tcol[a]!;
    for (let t = mp[j]!; t < mp[j + 1]!; t++) {
      const i = mr[t]! - s0;
      if (i < 0 || i >= q1) continue;
      const o = next[i]!++;
      cA[o] = a;
      cM[o] = t;
    }
  }
  let nm = 0;
  for (let a = 0; a < m2; a++) {
    const j = tcol[a]!;
    for (let t = mp[j]!; t < mp[j + 1]!; t++) if (tpos[mr[t]!]! >= a) nm++;
  }
  const m22Dst = new Int32Array(nm);
  const m22Src = new Int32Array(nm);
  nm = 0;
  for (let a = 0; a < m2; a++) {
    const j = tcol[a]!;
    for (let t = mp[j]!; t < mp[j + 1]!; t++) {
      const b = tpos[mr[t]!]!;
      if (b >= a) {
        m22Dst[nm] = a * m2 + b;
        m22Src[nm++] = t;
      }
    }
  }
  return { n, q1, m2, s0, tcol, tpos, dPos, cPtr, cA, cM, m22Dst, m22Src, nnz: mp[n] ?? 0 };
}

/**
 * The non-lead columns by increasing number of neighbours among the lead
 * columns s0 … s0 + q1 − 1 (ties by index): the dense Schur complement's
 * default trailing order.
 *
 * @example
 * ```ts
 * const order = leadDegreeOrder(A, 0, 100); // every column ≥ 100, fewest lead neighbours first
 * ```
 */
export function leadDegreeOrder(A: CscMatrix, s0: number, q1: number): Int32Array {
  const n = A.ncol;
  const s1 = s0 + q1;
  const deg = new Int32Array(n);
  for (let j = 0; j < n; j++)
    for (let t = A.colPtr[j]!; t < A.colPtr[j + 1]!; t++) if (A.rowIdx[t]! >= s0 && A.rowIdx[t]! < s1) deg[j]!++;
  const rest: number[] = [];
  for (let j = 0; j < n; j++) if (j < s0 || j >= s1) rest.push(j);
  rest.sort((a, b) => deg[a]! - deg[b]! || a - b);
  return Int32Array.from(rest);
}
