/**
 * Flop and fill estimates for the three ways to factor a symmetric positive
 * definite M = [A₁₁ A₁₂; A₂₁ A₂₂] whose leading block A₁₁ (a column range) is
 * block diagonal with k × k blocks:
 *
 * - `dense-schur`: eliminate A₁₁ block by block in closed form, then factor the
 *   Schur complement S = A₂₂ − A₂₁A₁₁⁻¹A₁₂ as a dense matrix;
 * - `supernodal`: a supernodal Cholesky of the whole of M under AMD;
 * - `sparse-schur`: eliminate A₁₁, then factor S as a sparse matrix ordered by
 *   AMD on its pattern, pattern(A₂₂) ∪ ⋃_b clique(N(b)) (N(b) = trailing
 *   neighbours of lead block b). That ordering comes from AMD on M with the
 *   lead columns constrained to go first, so S is never formed.
 *
 * Counts use one convention for all paths: a factor column with c nonzeros
 * (diagonal included) costs c² flops and c entries; for a dense m × m factor
 * that is Σ (m−j)² ≈ m³/3. Sparse counts are exact (symbolic analysis: etree
 * and column counts), not AMD's upper bounds.
 */
import type { CscMatrix } from './csc.js';
import { amdOrder } from './amd.js';
import { choleskyCounts } from './symbolic.js';
import { DimensionMismatchError, InvalidArgumentError } from '../errors.js';

/** The factorization paths compared by {@link factorizationCosts}. */
export type FactorizationPath = 'dense-schur' | 'supernodal' | 'sparse-schur';

/** Predicted cost of one path. */
export interface FactorizationCost {
  path: FactorizationPath;
  /** Σ over factor columns of (nonzeros in the column)² */
  flops: number;
  /** nonzeros of the factor (diagonal included; dense blocks counted in full) */
  nnzL: number;
  /**
   * The fill-reducing ordering the count assumes (new k ↔ original perm[k]),
   * for the sparse paths, so that the chosen path need not order again.
   */
  perm?: Int32Array;
}

/** Options of {@link factorizationCosts}. */
export interface FactorizationCostOptions {
  /** first column of the lead block (default 0) */
  leadStart?: number;
  /** number of lead columns (a multiple of blockSize) */
  leadSize: number;
  /** k: the lead block is block diagonal with k × k blocks (default 1) */
  blockSize?: number;
}

/** Preference on equal flops: the simpler kernel first. */
const RANK: Record<FactorizationPath, number> = { 'dense-schur': 0, 'sparse-schur': 1, supernodal: 2 };

/**
 * Estimate flops and fill of the three factorization paths for the symmetric
 * pattern of `M` (CSC, both triangles; values ignored), sorted by flops (ties:
 * dense-schur, sparse-schur, supernodal). Throws `InvalidArgumentError` when
 * the lead range is outside M, not a multiple of the block size, or not block
 * diagonal.
 *
 * @example
 * ```ts
 * // M = I + ΛᵀZᵀZΛ with 2,972 scalar student effects first
 * const costs = factorizationCosts(M, { leadSize: 2972 });
 * costs[0].path; // the cheapest, e.g. 'dense-schur'
 * ```
 */
export function factorizationCosts(M: CscMatrix, options: FactorizationCostOptions): FactorizationCost[] {
  const n = M.ncol;
  if (M.nrow !== n) throw new DimensionMismatchError('factorizationCosts', 'a square matrix', `${M.nrow}x${M.ncol}`);
  const s0 = options.leadStart ?? 0;
  const q1 = options.leadSize;
  const k = options.blockSize ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError('blockSize', `must be a positive integer, got ${k}`);
  if (!Number.isInteger(q1) || q1 < 0 || q1 % k !== 0) {
    throw new InvalidArgumentError('leadSize', `must be a non-negative multiple of blockSize ${k}, got ${q1}`);
  }
  if (!Number.isInteger(s0) || s0 < 0 || s0 + q1 > n) {
    throw new InvalidArgumentError('leadStart', `lead columns [${s0}, ${s0 + q1}) are not inside [0, ${n})`);
  }
  const dense = denseSchurCost(M, s0, q1, k);
  const pAmd = amdOrder(n, M.colPtr, M.rowIdx);
  const cB = choleskyCounts(M, { ordering: pAmd });
  const pSchur = amdOrder(n, M.colPtr, M.rowIdx, { first: { start: s0, size: q1 } });
  const cC = choleskyCounts(M, { ordering: pSchur });
  const out: FactorizationCost[] = [
    dense,
    { path: 'supernodal', flops: cB.flops, nnzL: cB.nnzL, perm: pAmd },
    { path: 'sparse-schur', flops: cC.flops, nnzL: cC.nnzL, perm: pSchur },
  ];
  out.sort((a, b) => a.flops - b.flops || RANK[a.path] - RANK[b.path]);
  return out;
}

/**
 * Closed-form count for the dense Schur path: lead block b with r_b trailing
 * neighbours has columns of k−t+r_b entries (t = 0…k−1); the Schur complement
 * is a dense m₂ × m₂ factor. Also checks that the lead block is block diagonal.
 */
function denseSchurCost(M: CscMatrix, s0: number, q1: number, k: number): FactorizationCost {
  const n = M.ncol;
  const cp = M.colPtr, ri = M.rowIdx;
  const s1 = s0 + q1;
  const mark = new Int32Array(n).fill(-1);
  let flops = 0;
  let nnzL = 0;
  for (let b = 0; b < q1 / k; b++) {
    const f = s0 + b * k;
    let r = 0;
    for (let j = f; j < f + k; j++) {
      for (let p = cp[j]!; p < cp[j + 1]!; p++) {
        const i = ri[p]!;
        if (i >= s0 && i < s1) {
          if (i < f || i >= f + k) {
            throw new InvalidArgumentError('M', `the lead block is not block diagonal with ${k}×${k} blocks: entry (${i}, ${j})`);
          }
        } else if (mark[i] !== b) {
          mark[i] = b;
          r++;
        }
      }
    }
    for (let t = 0; t < k; t++) {
      const c = k - t + r;
      flops += c * c;
      nnzL += c;
    }
  }
  const m2 = n - q1;
  // Σ_{c=1}^{m₂} c² and Σ c
  flops += (m2 * (m2 + 1) * (2 * m2 + 1)) / 6;
  nnzL += (m2 * (m2 + 1)) / 2;
  return { path: 'dense-schur', flops, nnzL };
}
