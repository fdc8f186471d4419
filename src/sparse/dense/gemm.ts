/**
 * Matrix–matrix products on column-major `Float64Array` sub-blocks, built on one
 * 4×4 register-blocked micro-kernel over packed operands (16 scalar
 * accumulators; each step of the inner loop reads 4 + 4 contiguous doubles).
 *
 * Every routine addresses a block by (array, offset, leading dimension), BLAS
 * style, so it works in place on sub-blocks of a supernode or a dense matrix.
 * These are internal kernels: positional arguments are deliberate (BLAS order).
 */

import { wasmFor } from './backend.js';

/** Scratch for packed operands; grows on demand and is reused (single-threaded). */
let packA = new Float64Array(4096);
let packB = new Float64Array(4096);
/** 4×4 accumulator tile for partial (edge or diagonal) blocks. */
const edge = new Float64Array(16);

function ensureA(size: number): Float64Array {
  if (packA.length < size) packA = new Float64Array(Math.max(size, 2 * packA.length));
  return packA;
}
function ensureB(size: number): Float64Array {
  if (packB.length < size) packB = new Float64Array(Math.max(size, 2 * packB.length));
  return packB;
}

/**
 * Pack rows `0..m-1` of op(X) (m × k) into strips of 4 rows:
 * `buf[s*4k + 4p + r] = op(X)[4s + r, p]`, zero-padded to a multiple of 4 rows.
 * op(X) = X when `trans` is false (X is m × k), Xᵀ when true (X is k × m).
 */
function pack(
  buf: Float64Array,
  trans: boolean,
  m: number,
  k: number,
  X: Float64Array,
  xOff: number,
  ldx: number,
): void {
  const strips = (m + 3) >> 2;
  for (let s = 0; s < strips; s++) {
    const i0 = s << 2;
    const base = s * 4 * k;
    const rows = Math.min(4, m - i0);
    if (!trans) {
      if (rows === 4) {
        for (let p = 0, src = xOff + i0, dst = base; p < k; p++, src += ldx, dst += 4) {
          buf[dst] = X[src]!;
          buf[dst + 1] = X[src + 1]!;
          buf[dst + 2] = X[src + 2]!;
          buf[dst + 3] = X[src + 3]!;
        }
      } else {
        for (let p = 0; p < k; p++) {
          const src = xOff + i0 + p * ldx;
          const dst = base + 4 * p;
          for (let r = 0; r < 4; r++) buf[dst + r] = r < rows ? X[src + r]! : 0;
        }
      }
    } else {
      for (let r = 0; r < 4; r++) {
        if (r < rows) {
          const col = xOff + (i0 + r) * ldx;
          for (let p = 0, dst = base + r; p < k; p++, dst += 4) buf[dst] = X[col + p]!;
        } else {
          for (let p = 0, dst = base + r; p < k; p++, dst += 4) buf[dst] = 0;
        }
      }
    }
  }
}

/**
 * C += alpha · Ap · Bpᵀ on packed operands (Ap: m × k, Bp: n × k).
 * When `lower` is true only entries with i ≥ j + shift are written
 * (shift lets a trapezoid start below the diagonal).
 */
function kernel(
  m: number,
  n: number,
  k: number,
  alpha: number,
  Ap: Float64Array,
  Bp: Float64Array,
  C: Float64Array,
  cOff: number,
  ldc: number,
  lower: boolean,
): void {
  const ms = (m + 3) >> 2;
  const ns = (n + 3) >> 2;
  const k4 = 4 * k;
  for (let js = 0; js < ns; js++) {
    const j = js << 2;
    const bB = js * k4;
    const is0 = lower ? js : 0;
    for (let is = is0; is < ms; is++) {
      const i = is << 2;
      let a = is * k4;
      let b = bB;
      let c00 = 0, c10 = 0, c20 = 0, c30 = 0;
      let c01 = 0, c11 = 0, c21 = 0, c31 = 0;
      let c02 = 0, c12 = 0, c22 = 0, c32 = 0;
      let c03 = 0, c13 = 0, c23 = 0, c33 = 0;
      const aEnd = a + k4;
      for (; a < aEnd; a += 4, b += 4) {
        const a0 = Ap[a]!, a1 = Ap[a + 1]!, a2 = Ap[a + 2]!, a3 = Ap[a + 3]!;
        let bv = Bp[b]!;
        c00 += a0 * bv; c10 += a1 * bv; c20 += a2 * bv; c30 += a3 * bv;
        bv = Bp[b + 1]!;
        c01 += a0 * bv; c11 += a1 * bv; c21 += a2 * bv; c31 += a3 * bv;
        bv = Bp[b + 2]!;
        c02 += a0 * bv; c12 += a1 * bv; c22 += a2 * bv; c32 += a3 * bv;
        bv = Bp[b + 3]!;
        c03 += a0 * bv; c13 += a1 * bv; c23 += a2 * bv; c33 += a3 * bv;
      }
      const full = i + 4 <= m && j + 4 <= n && !(lower && is === js);
      const o = cOff + i + j * ldc;
      if (full) {
        C[o] = C[o]! + alpha * c00; C[o + 1] = C[o + 1]! + alpha * c10;
        C[o + 2] = C[o + 2]! + alpha * c20; C[o + 3] = C[o + 3]! + alpha * c30;
        const o1 = o + ldc;
        C[o1] = C[o1]! + alpha * c01; C[o1 + 1] = C[o1 + 1]! + alpha * c11;
        C[o1 + 2] = C[o1 + 2]! + alpha * c21; C[o1 + 3] = C[o1 + 3]! + alpha * c31;
        const o2 = o1 + ldc;
        C[o2] = C[o2]! + alpha * c02; C[o2 + 1] = C[o2 + 1]! + alpha * c12;
        C[o2 + 2] = C[o2 + 2]! + alpha * c22; C[o2 + 3] = C[o2 + 3]! + alpha * c32;
        const o3 = o2 + ldc;
        C[o3] = C[o3]! + alpha * c03; C[o3 + 1] = C[o3 + 1]! + alpha * c13;
        C[o3 + 2] = C[o3 + 2]! + alpha * c23; C[o3 + 3] = C[o3 + 3]! + alpha * c33;
      } else {
        const acc = edge;
        acc[0] = c00; acc[1] = c10; acc[2] = c20; acc[3] = c30;
        acc[4] = c01; acc[5] = c11; acc[6] = c21; acc[7] = c31;
        acc[8] = c02; acc[9] = c12; acc[10] = c22; acc[11] = c32;
        acc[12] = c03; acc[13] = c13; acc[14] = c23; acc[15] = c33;
        for (let cj = 0; cj < 4; cj++) {
          const jj = j + cj;
          if (jj >= n) break;
          for (let ri = 0; ri < 4; ri++) {
            const ii = i + ri;
            if (ii >= m) break;
            if (lower && ii < jj) continue;
            const idx = cOff + ii + jj * ldc;
            C[idx] = C[idx]! + alpha * acc[ri + 4 * cj]!;
          }
        }
      }
    }
  }
}

/**
 * General product `C = alpha·op(A)·op(B) + beta·C` on column-major sub-blocks;
 * op(A) is m × k, op(B) is k × n, C is m × n.
 *
 * @example
 * ```ts
 * // C (2×2) = A (2×3) · B (3×2)
 * const A = new Float64Array([1, 4, 2, 5, 3, 6]);
 * const B = new Float64Array([1, 0, 1, 0, 1, 1]);
 * const C = new Float64Array(4);
 * gemm(false, false, 2, 2, 3, 1, A, 0, 2, B, 0, 3, 0, C, 0, 2); // C = [4 10 | 5 11]
 * ```
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  B: Float64Array,
  bOff: number,
  ldb: number,
  beta: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  if (m <= 0 || n <= 0) return;
  const w = k > 0 ? wasmFor(m * n * k, m * n + (m + n) * k) : null;
  if (w) {
    w.gemm(transA, transB, m, n, k, alpha, A, aOff, lda, B, bOff, ldb, beta, C, cOff, ldc);
    return;
  }
  if (beta !== 1) scaleBlock(m, n, beta, C, cOff, ldc, false);
  if (k <= 0 || alpha === 0) return;
  // C += alpha · op(A) · (op(B)ᵀ)ᵀ: pack op(A) rows and op(B)ᵀ rows.
  const ap = ensureA(4 * ((m + 3) >> 2) * k);
  const bp = ensureB(4 * ((n + 3) >> 2) * k);
  pack(ap, transA, m, k, A, aOff, lda);
  pack(bp, !transB, n, k, B, bOff, ldb);
  kernel(m, n, k, alpha, ap, bp, C, cOff, ldc, false);
}

/**
 * Like {@link gemm} (with beta = 1) but writes only the lower part of C
 * (row ≥ column): `tril(C) += alpha·tril(op(A)·op(B))` — BLAS' `gemmt`.
 *
 * @example
 * ```ts
 * const U = new Float64Array([1, 2, 3, 4]); // 2 × 2
 * const C = new Float64Array(4);
 * gemmt(true, false, 2, 2, 1, U, 0, 2, U, 0, 2, C, 0, 2); // lower part of UᵀU
 * ```
 */
export function gemmt(
  transA: boolean,
  transB: boolean,
  n: number,
  k: number,
  alpha: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  B: Float64Array,
  bOff: number,
  ldb: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  if (n <= 0 || k <= 0 || alpha === 0) return;
  const w = wasmFor(n * n * k, n * n + 2 * n * k);
  if (w) {
    w.gemmt(transA, transB, n, k, alpha, A, aOff, lda, B, bOff, ldb, C, cOff, ldc);
    return;
  }
  const ap = ensureA(4 * ((n + 3) >> 2) * k);
  const bp = ensureB(4 * ((n + 3) >> 2) * k);
  pack(ap, transA, n, k, A, aOff, lda);
  pack(bp, !transB, n, k, B, bOff, ldb);
  kernel(n, n, k, alpha, ap, bp, C, cOff, ldc, true);
}

/**
 * Lower-trapezoidal symmetric rank-k update `C = alpha·op(A)·op(A)ᵀ + beta·C`,
 * written only where row ≥ column; op(A) is m × k and C is m × n with n ≤ m
 * (n = m is the usual square `syrk`; n < m updates a trapezoid, as in a
 * supernode panel).
 *
 * @example
 * ```ts
 * const A = new Float64Array([1, 2, 3]); // 3 × 1
 * const C = new Float64Array(9);
 * syrk(false, 3, 3, 1, 1, A, 0, 3, 0, C, 0, 3); // lower triangle of A·Aᵀ
 * ```
 */
export function syrk(
  trans: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  A: Float64Array,
  aOff: number,
  lda: number,
  beta: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  if (m <= 0 || n <= 0) return;
  const w = k > 0 ? wasmFor(m * n * k, m * n + m * k) : null;
  if (w) {
    w.syrk(trans, m, n, k, alpha, A, aOff, lda, beta, C, cOff, ldc);
    return;
  }
  if (beta !== 1) scaleBlock(m, n, beta, C, cOff, ldc, true);
  if (k <= 0 || alpha === 0) return;
  const ap = ensureA(4 * ((m + 3) >> 2) * k);
  pack(ap, trans, m, k, A, aOff, lda);
  // op(A) rows 0..n-1 are the first strips of the same packing.
  kernel(m, n, k, alpha, ap, ap, C, cOff, ldc, true);
}

/** C = beta·C on an m × n block (lower part only when `lower`). */
function scaleBlock(
  m: number,
  n: number,
  beta: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
  lower: boolean,
): void {
  for (let j = 0; j < n; j++) {
    const col = cOff + j * ldc;
    for (let i = lower ? j : 0; i < m; i++) C[col + i] = beta === 0 ? 0 : beta * C[col + i]!;
  }
}
