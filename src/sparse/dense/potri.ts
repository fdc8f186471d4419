/**
 * Inverse of a symmetric positive definite matrix from its Cholesky factor:
 * A⁻¹ = L⁻ᵀ·L⁻¹, computed as X = L⁻¹ (blocked forward substitution on the
 * identity) followed by the lower part of XᵀX (blocked rank-k updates).
 */
import { gemm, syrk } from './gemm.js';
import { trsmLeftLower } from './trsm.js';
import { wasmFor } from './backend.js';

const NB = 64;

/**
 * X = L⁻¹ for an n × n lower-triangular L; X (n × n, leading dimension ldx) is
 * written in full, with exact zeros above the diagonal.
 *
 * @example
 * ```ts
 * const L = new Float64Array([2, 1, 0, 2]);
 * const X = new Float64Array(4);
 * trtri(2, L, 0, 2, X, 0, 2); // X = [0.5, -0.25, 0, 0.5]
 * ```
 */
export function trtri(
  n: number,
  L: Float64Array,
  lOff: number,
  ldl: number,
  X: Float64Array,
  xOff: number,
  ldx: number,
): void {
  const w = n > 0 ? wasmFor(n * n * n, 2 * n * n) : null;
  if (w) {
    w.trtri(n, L, lOff, ldl, X, xOff, ldx);
    return;
  }
  for (let j = 0; j < n; j++) {
    const c = xOff + j * ldx;
    for (let i = 0; i < n; i++) X[c + i] = i === j ? 1 : 0;
  }
  if (n <= NB) {
    trsmLeftLower(n, n, L, lOff, ldl, X, xOff, ldx);
    return;
  }
  // D_K = L(K,K)⁻¹ for every diagonal block (so off-diagonal blocks use gemm, not trsv)
  const nblk = Math.ceil(n / NB);
  const Dinv = new Float64Array(nblk * NB * NB);
  const tmp = new Float64Array(NB * NB);
  for (let b = 0; b < nblk; b++) {
    const k0 = b * NB;
    const kb = Math.min(NB, n - k0);
    const o = b * NB * NB;
    for (let j = 0; j < kb; j++) Dinv[o + j * kb + j] = 1;
    trsmLeftLower(kb, kb, L, lOff + k0 + k0 * ldl, ldl, Dinv, o, kb);
  }
  // block column J of X solves L·X(:,J) = E(:,J); rows above J stay zero.
  for (let j0 = 0; j0 < n; j0 += NB) {
    const jb = Math.min(NB, n - j0);
    for (let k0 = j0; k0 < n; k0 += NB) {
      const kb = Math.min(NB, n - k0);
      // width of the nonzero part of X(K, J): columns j0..j0+jb
      const xk = xOff + k0 + j0 * ldx;
      // X(K,J) = L(K,K)⁻¹ X(K,J)
      const dk = (k0 / NB) * NB * NB;
      if (k0 === j0) {
        for (let j = 0; j < jb; j++) for (let i = 0; i < kb; i++) X[xk + i + j * ldx] = Dinv[dk + i + j * kb]!;
      } else {
        for (let j = 0; j < jb; j++) for (let i = 0; i < kb; i++) tmp[i + j * kb] = X[xk + i + j * ldx]!;
        gemm(false, false, kb, jb, kb, 1, Dinv, dk, kb, tmp, 0, kb, 0, X, xk, ldx);
      }
      const below = n - k0 - kb;
      // X(K+,J) -= L(K+,K)·X(K,J)
      if (below > 0) {
        gemm(false, false, below, jb, kb, -1, L, lOff + k0 + kb + k0 * ldl, ldl, X, xk, ldx, 1, X, xk + kb, ldx);
      }
    }
  }
}

/**
 * Lower triangle of A⁻¹ = L⁻ᵀL⁻¹ into Z (n × n, leading dimension ldz), given
 * the Cholesky factor L. `work` must hold at least n·n doubles.
 *
 * @example
 * ```ts
 * const L = new Float64Array([2, 1, 0, 2]); // A = [[4,2],[2,5]]
 * const Z = new Float64Array(4);
 * potri(2, L, 0, 2, Z, 0, 2, new Float64Array(4)); // lower of A⁻¹ = [5/16, -1/8, *, 1/4]
 * ```
 */
export function potri(
  n: number,
  L: Float64Array,
  lOff: number,
  ldl: number,
  Z: Float64Array,
  zOff: number,
  ldz: number,
  work: Float64Array,
): void {
  if (n <= 0) return;
  trtri(n, L, lOff, ldl, work, 0, n);
  lauum(n, work, 0, n, Z, zOff, ldz);
}

/**
 * tril(Z) = tril(XᵀX) for X lower triangular with explicit zeros above the diagonal.
 *
 * @example
 * ```ts
 * const X = new Float64Array([1, 2, 0, 3]);
 * const Z = new Float64Array(4);
 * lauum(2, X, 0, 2, Z, 0, 2); // Z = [5, 6, *, 9]
 * ```
 */
export function lauum(
  n: number,
  X: Float64Array,
  xOff: number,
  ldx: number,
  Z: Float64Array,
  zOff: number,
  ldz: number,
): void {
  const w = n > 0 ? wasmFor(n * n * n, 2 * n * n) : null;
  if (w) {
    w.lauum(n, X, xOff, ldx, Z, zOff, ldz);
    return;
  }
  for (let j = 0; j < n; j++) {
    const c = zOff + j * ldz;
    for (let i = j; i < n; i++) Z[c + i] = 0;
  }
  // Z += X(P,0:P+)ᵀ X(P,0:P+) over row blocks P (X(P, cols > P+) is zero)
  for (let p0 = 0; p0 < n; p0 += NB) {
    const pb = Math.min(NB, n - p0);
    const w = p0 + pb;
    syrk(true, w, w, pb, 1, X, xOff + p0, ldx, 1, Z, zOff, ldz);
  }
}
