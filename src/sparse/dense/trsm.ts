/**
 * Triangular solves with a lower-triangular column-major block L.
 */

/**
 * x = L⁻¹x (`trans` false) or x = L⁻ᵀx (`trans` true) in place; x has stride 1.
 *
 * @example
 * ```ts
 * const L = new Float64Array([2, 1, 0, 2]);
 * const x = new Float64Array([2, 3]);
 * trsv(false, 2, L, 0, 2, x, 0); // x = [1, 1]
 * ```
 */
export function trsv(
  trans: boolean,
  n: number,
  L: Float64Array,
  lOff: number,
  ldl: number,
  x: Float64Array,
  xOff: number,
): void {
  if (!trans) {
    // column-oriented forward substitution
    for (let j = 0; j < n; j++) {
      const cj = lOff + j * ldl;
      const xj = x[xOff + j]! / L[cj + j]!;
      x[xOff + j] = xj;
      if (xj === 0) continue;
      for (let i = j + 1; i < n; i++) x[xOff + i] = x[xOff + i]! - L[cj + i]! * xj;
    }
  } else {
    // row-oriented (dot) back substitution with Lᵀ
    for (let j = n - 1; j >= 0; j--) {
      const cj = lOff + j * ldl;
      let s = x[xOff + j]!;
      for (let i = j + 1; i < n; i++) s -= L[cj + i]! * x[xOff + i]!;
      x[xOff + j] = s / L[cj + j]!;
    }
  }
}

/**
 * B = L⁻¹B in place (left side, lower, no transpose); L is m × m, B is m × nrhs.
 *
 * @example
 * ```ts
 * const L = new Float64Array([2, 1, 0, 2]);
 * const B = new Float64Array([2, 3, 4, 6]); // two right-hand sides
 * trsmLeftLower(2, 2, L, 0, 2, B, 0, 2); // B = [1, 1, 2, 2]
 * ```
 */
export function trsmLeftLower(
  m: number,
  nrhs: number,
  L: Float64Array,
  lOff: number,
  ldl: number,
  B: Float64Array,
  bOff: number,
  ldb: number,
): void {
  for (let c = 0; c < nrhs; c++) trsv(false, m, L, lOff, ldl, B, bOff + c * ldb);
}
