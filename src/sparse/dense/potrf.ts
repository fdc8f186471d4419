/**
 * Blocked right-looking Cholesky of a lower trapezoid on column-major storage.
 */
import { syrk } from './gemm.js';
import { wasmFor } from './backend.js';

const NB = 64;
const NB_INNER = 16;

/** Unblocked panel: A (m × n, m ≥ n) ← [L11; A21·L11⁻ᵀ]; returns 0 or failing column + 1. */
function panelUnblocked(m: number, n: number, A: Float64Array, off: number, lda: number): number {
  for (let j = 0; j < n; j++) {
    const cj = off + j * lda;
    const d = A[cj + j]!;
    if (!(d > 0) || !Number.isFinite(d)) return j + 1;
    const l = Math.sqrt(d);
    A[cj + j] = l;
    const inv = 1 / l;
    for (let i = j + 1; i < m; i++) A[cj + i] = A[cj + i]! * inv;
    // A(c:m, c) -= L(c, j) · L(c:m, j) for the remaining panel columns
    for (let c = j + 1; c < n; c++) {
      const f = A[cj + c]!;
      if (f === 0) continue;
      const cc = off + c * lda;
      for (let i = c; i < m; i++) A[cc + i] = A[cc + i]! - f * A[cj + i]!;
    }
  }
  return 0;
}

function blocked(m: number, n: number, A: Float64Array, off: number, lda: number, nb: number): number {
  if (n <= NB_INNER) return panelUnblocked(m, n, A, off, lda);
  for (let k0 = 0; k0 < n; k0 += nb) {
    const kb = Math.min(nb, n - k0);
    const po = off + k0 + k0 * lda;
    const info = nb > NB_INNER ? blocked(m - k0, kb, A, po, lda, NB_INNER) : panelUnblocked(m - k0, kb, A, po, lda);
    if (info !== 0) return k0 + info;
    const rest = n - k0 - kb;
    // A22 -= A21·A21ᵀ (lower trapezoid: rows k0+kb..m, columns k0+kb..n)
    if (rest > 0) {
      syrk(false, m - k0 - kb, rest, kb, -1, A, off + k0 + kb + k0 * lda, lda, 1, A, off + (k0 + kb) * (lda + 1), lda);
    }
  }
  return 0;
}

/**
 * Cholesky of the lower trapezoid of an m × n column-major block (m ≥ n):
 * on return `A[0:n,0:n] = L11` (lower, with `A11 = L11·L11ᵀ`) and
 * `A[n:m,0:n] = A21·L11⁻ᵀ`. The strict upper triangle is not referenced.
 * Returns an info code: 0 on success, otherwise j + 1 where column j had a
 * non-positive (or non-finite) pivot; that diagonal entry is left holding the
 * offending updated value.
 *
 * @example
 * ```ts
 * const A = new Float64Array([4, 2, 2, 5]); // [[4,2],[2,5]]
 * potrfPanel(2, 2, A, 0, 2); // 0; A = [2, 1, *, 2]
 * ```
 */
export function potrfPanel(m: number, n: number, A: Float64Array, off: number, lda: number): number {
  if (n <= 0) return 0;
  const w = wasmFor(m * n * n, m * n);
  if (w) return w.potrfPanel(m, n, A, off, lda);
  return blocked(m, n, A, off, lda, NB);
}

/**
 * Cholesky `A = L·Lᵀ` of an n × n symmetric positive definite block (lower
 * triangle used and overwritten). Returns 0 or failing column + 1.
 *
 * @example
 * ```ts
 * const A = new Float64Array([4, 2, 2, 5]);
 * potrf(2, A, 0, 2); // 0
 * ```
 */
export function potrf(n: number, A: Float64Array, off: number, lda: number): number {
  return potrfPanel(n, n, A, off, lda);
}
