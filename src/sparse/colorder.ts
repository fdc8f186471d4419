/**
 * Fill-reducing column orderings for sparse LU, both by approximate minimum
 * degree (`amd`, Amestoy–Davis–Duff) on a symmetric pattern:
 *
 * - `colamdLikeOrder(A)`: pattern of AᵀA, built as a union of cliques, one per
 *   row of A (dense rows, with more than max(16, 10√n) entries, are skipped as
 *   in COLAMD). Any row pivoting then keeps the fill of L and U inside the
 *   Cholesky fill of AᵀA (George & Ng 1985).
 * - `symmetricOrder(A)`: pattern of A + Aᵀ, for matrices whose pivots are mostly
 *   taken from the diagonal (symmetric indefinite, diagonally dominant).
 */
import { CscMatrix } from './csc.js';
import { DimensionMismatchError } from '../errors.js';
import { amd } from './amd.js';

/** Threshold above which a row (AᵀA) or node (A+Aᵀ) counts as dense. */
function denseThreshold(n: number): number {
  return Math.max(16, Math.floor(10 * Math.sqrt(n)));
}

/**
 * Column ordering for LU from approximate minimum degree on the pattern of AᵀA.
 * Returns `q` with `q[k]` = original column eliminated at step k.
 *
 * @example
 * ```ts
 * const q = colamdLikeOrder(A); // use as lu(A, { ordering: q })
 * ```
 */
export function colamdLikeOrder(A: CscMatrix): Int32Array {
  const n = A.ncol;
  const m = A.nrow;
  const Ap = A.colPtr;
  const Ai = A.rowIdx;
  // row counts → transpose pattern (rows as cliques over columns)
  const rc = new Int32Array(m + 1);
  for (let p = 0; p < (Ap[n] ?? 0); p++) rc[(Ai[p] as number) + 1]!++;
  for (let i = 0; i < m; i++) rc[i + 1]! += rc[i]!;
  const Rj = new Int32Array(rc[m] ?? 0);
  const next = rc.slice(0, m);
  for (let j = 0; j < n; j++) {
    for (let p = Ap[j]!; p < Ap[j + 1]!; p++) Rj[next[Ai[p]!]!++] = j;
  }
  const dense = denseThreshold(n);
  // pattern of AᵀA: union over sparse rows of the clique on their columns
  const colPtr = new Int32Array(n + 1);
  let rowIdx = new Int32Array(Math.max(16, 2 * (Ap[n] ?? 0)));
  let nz = 0;
  const mark = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) {
    colPtr[j] = nz;
    for (let p = Ap[j]!; p < Ap[j + 1]!; p++) {
      const i = Ai[p]!;
      const r0 = rc[i]!;
      const r1 = rc[i + 1]!;
      if (r1 - r0 > dense) continue;
      if (nz + (r1 - r0) > rowIdx.length) {
        const grown = new Int32Array(Math.max(2 * rowIdx.length, nz + (r1 - r0)));
        grown.set(rowIdx);
        rowIdx = grown;
      }
      for (let t = r0; t < r1; t++) {
        const c = Rj[t]!;
        if (mark[c] !== j) {
          mark[c] = j;
          rowIdx[nz++] = c;
        }
      }
    }
    rowIdx.subarray(colPtr[j]!, nz).sort();
  }
  colPtr[n] = nz;
  return amd(new CscMatrix(n, n, colPtr, rowIdx.slice(0, nz), new Float64Array(nz)));
}

/**
 * Symmetric ordering from approximate minimum degree on the pattern of A + Aᵀ (diagonal
 * ignored). Returns `q` with `q[k]` = original index eliminated at step k.
 *
 * @example
 * ```ts
 * const q = symmetricOrder(A); // use as lu(A, { ordering: q, pivotTolerance: 0.1 })
 * ```
 */
export function symmetricOrder(A: CscMatrix): Int32Array {
  const n = A.ncol;
  if (A.nrow !== n) throw new DimensionMismatchError('symmetricOrder', 'square matrix', `${A.nrow}x${A.ncol}`);
  return amd(A);
}

/**
 * True when the pattern of square A equals the pattern of Aᵀ (values ignored;
 * A canonical).
 *
 * @example
 * ```ts
 * isPatternSymmetric(A) ? symmetricOrder(A) : colamdLikeOrder(A);
 * ```
 */
export function isPatternSymmetric(A: CscMatrix): boolean {
  const n = A.ncol;
  if (A.nrow !== n) return false;
  const Ap = A.colPtr;
  const Ai = A.rowIdx;
  const nnz = Ap[n] ?? 0;
  // pattern of Aᵀ by counting sort (rows come out sorted)
  const Tp = new Int32Array(n + 1);
  for (let t = 0; t < nnz; t++) Tp[(Ai[t] as number) + 1]!++;
  for (let i = 0; i < n; i++) Tp[i + 1]! += Tp[i]!;
  for (let j = 0; j <= n; j++) if (Tp[j] !== Ap[j]) return false;
  const next = Tp.slice(0, n);
  const Ti = new Int32Array(nnz);
  for (let j = 0; j < n; j++) {
    for (let t = Ap[j]!; t < Ap[j + 1]!; t++) Ti[next[Ai[t]!]!++] = j;
  }
  for (let t = 0; t < nnz; t++) if (Ti[t] !== Ai[t]) return false;
  return true;
}
