/**
 * Per-level cross products of a grouped model whose random effects are one
 * k-column block per level (statsmodels' exog_re; lme4's single `(expr | g)`):
 * for level g with rows Z_g, X_g, y_g, A_g = Z_gᵀZ_g (k × k), B_g = Z_gᵀX_g
 * (k × p), c_g = Z_gᵀy_g, plus the whole-data Gram Q0 = [X y]ᵀ[X y] and n.
 * The dense per-group solver needs nothing else, so the rows (in memory) and
 * an engine's aggregates (ZᵀZ's diagonal blocks) reach it through this one shape.
 */
import { DataError } from '../../errors.js';
import type { CscMatrix } from '../../sparse/csc.js';
import type { GroupedDesign } from '../design.js';

/**
 * Packed per-level cross products: level g's A at g·k², B at g·k·p (row-major
 * k × p), c at g·k; Q0 is (p+1)² row-major [XᵀX Xᵀy; yᵀX yᵀy].
 *
 * @example
 * ```ts
 * const lc: LevelCrossProducts = { nGroups: 2, k: 1, p: 1, n: 3, A, B, c, Q0 };
 * ```
 */
export interface LevelCrossProducts {
  nGroups: number;
  k: number;
  p: number;
  n: number;
  A: Float64Array;
  B: Float64Array;
  c: Float64Array;
  Q0: Float64Array;
}

/**
 * Row partition by group: rows of group g are `rowIdx[rowPtr[g] .. rowPtr[g+1])`.
 *
 * @example
 * ```ts
 * const part: GroupPartition = { rowPtr: Int32Array.of(0, 2, 3), rowIdx: Int32Array.of(0, 2, 1) };
 * ```
 */
export interface GroupPartition {
  rowPtr: Int32Array;
  rowIdx: Int32Array;
}

/**
 * One pass over the rows of a design with kVc = 0: A_g, B_g, c_g for every
 * group and the Gram Q0 (fused scalar loop for k = 2, the usual `(x | g)`).
 *
 * @example
 * ```ts
 * const lc = levelCrossFromRows(design, { rowPtr, rowIdx });
 * ```
 */
export function levelCrossFromRows(d: GroupedDesign, part?: GroupPartition): LevelCrossProducts {
  const G = part ? part.rowPtr.length - 1 : d.rows.length;
  const k = d.kRe;
  const p = d.p;
  const A = new Float64Array(G * k * k);
  const B = new Float64Array(G * k * p);
  const c = new Float64Array(G * k);
  const { X, y, Zre } = d;
  let n = 0;
  for (let g = 0; g < G; g++) {
    const i0 = part ? part.rowPtr[g]! : 0;
    const i1 = part ? part.rowPtr[g + 1]! : d.rows[g]!.length;
    const rg = part ? null : d.rows[g]!;
    n += i1 - i0;
    if (k === 2) {
      // A, B, c of one group in scalars
      let a00 = 0;
      let a01 = 0;
      let a11 = 0;
      let c0 = 0;
      let c1 = 0;
      const ob = 2 * p * g;
      for (let i = i0; i < i1; i++) {
        const r = part ? part.rowIdx[i]! : rg![i]!;
        const z0 = Zre[2 * r]!;
        const z1 = Zre[2 * r + 1]!;
        const yr = y[r]!;
        a00 += z0 * z0;
        a01 += z0 * z1;
        a11 += z1 * z1;
        c0 += z0 * yr;
        c1 += z1 * yr;
        const xo = r * p;
        for (let t = 0; t < p; t++) {
          const x = X[xo + t]!;
          B[ob + t]! += z0 * x;
          B[ob + p + t]! += z1 * x;
        }
      }
      A[4 * g] = a00;
      A[4 * g + 1] = a01;
      A[4 * g + 2] = a01;
      A[4 * g + 3] = a11;
      c[2 * g] = c0;
      c[2 * g + 1] = c1;
      continue;
    }
    const oa = g * k * k;
    const ob = g * k * p;
    const oc = g * k;
    for (let i = i0; i < i1; i++) {
      const r = part ? part.rowIdx[i]! : rg![i]!;
      const zo = r * k;
      const xo = r * p;
      const yr = y[r]!;
      // A += z zᵀ, B += z xᵀ, c += z y
      for (let a = 0; a < k; a++) {
        const va = Zre[zo + a]!;
        if (va === 0) continue;
        for (let b = 0; b < k; b++) A[oa + a * k + b]! += va * Zre[zo + b]!;
        for (let t = 0; t < p; t++) B[ob + a * p + t]! += va * X[xo + t]!;
        c[oc + a]! += va * yr;
      }
    }
  }
  return { nGroups: G, k, p, n, A, B, c, Q0: gram(y, X, p) };
}

/** Q0 = [X y]ᵀ[X y] ((p+1)² row-major), in row order (sequential memory; a function of its own so V8 optimizes the loop alone). */
function gram(y: Float64Array, X: Float64Array, p: number): Float64Array {
  const p1 = p + 1;
  const Q0 = new Float64Array(p1 * p1);
  const nRows = y.length;
  for (let r = 0, xo = 0; r < nRows; r++, xo += p) {
    const yr = y[r]!;
    for (let s = 0; s < p; s++) {
      const xs = X[xo + s]!;
      for (let t = s; t < p; t++) Q0[s * p1 + t]! += xs * X[xo + t]!;
      Q0[s * p1 + p]! += xs * yr;
    }
    Q0[p * p1 + p]! += yr * yr;
  }
  for (let s = 0; s < p1; s++) for (let t = 0; t < s; t++) Q0[s * p1 + t] = Q0[t * p1 + s]!;
  return Q0;
}

/**
 * The per-level cross products of a single k-column term from ZᵀZ (q = l·k,
 * level-major, both triangles), ZᵀX and Zᵀy: A_g is ZᵀZ's g-th k × k diagonal
 * block. Every stored entry must lie in a diagonal block (one term: a row
 * belongs to one level), else a `DataError` names the entry.
 *
 * @example
 * ```ts
 * const lc = levelCrossFromBlocks(cp.ZtZ, cp.ZtX, cp.Zty, 2, cp.n, Q0);
 * ```
 */
export function levelCrossFromBlocks(ZtZ: CscMatrix, ZtX: Float64Array, Zty: Float64Array, k: number, n: number, Q0: Float64Array): LevelCrossProducts {
  const q = ZtZ.ncol;
  const G = q / k;
  const p = ZtX.length / Math.max(q, 1);
  const A = new Float64Array(G * k * k);
  const { colPtr, rowIdx, values } = ZtZ;
  for (let j = 0; j < q; j++) {
    const g = (j / k) | 0;
    const b = j - g * k;
    for (let e = colPtr[j]!; e < colPtr[j + 1]!; e++) {
      const i = rowIdx[e]!;
      const a = i - g * k;
      if (a < 0 || a >= k) {
        if (values[e] === 0) continue;
        throw new DataError(`crossProducts.ZtZ has a nonzero entry (${i}, ${j}) between two levels of one term`, { column: 'ZtZ', row: i });
      }
      A[g * k * k + a * k + b]! += values[e]!;
    }
  }
  return { nGroups: G, k, p, n, A, B: ZtX, c: Zty, Q0 };
}
