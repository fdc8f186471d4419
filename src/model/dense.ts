/**
 * Small dense kernels on row-major `Float64Array` storage with offsets, used by
 * the per-group inner solves. No allocation inside the kernels.
 *
 * @example
 * ```ts
 * const a = new Float64Array([4, 2, 2, 3]);
 * cholInPlace(a, 0, 2); // a = lower Cholesky factor (upper triangle zeroed)
 * ```
 */

/**
 * In-place lower Cholesky of the n×n row-major matrix at `a[off..]`.
 * Returns -1 on success or the failing column. A zero pivot of a positive
 * semi-definite matrix is allowed when `semidefOk`: the column is set to 0.
 *
 * @example
 * ```ts
 * const info = cholInPlace(new Float64Array([1]), 0, 1); // -1
 * ```
 */
export function cholInPlace(a: Float64Array, off: number, n: number, semidefOk = false): number {
  for (let j = 0; j < n; j++) {
    const rj = off + j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
    if (!(d > 0)) {
      if (semidefOk && d > -1e-12 * (1 + Math.abs(a[rj + j]!))) {
        // L[:,j] = 0 (valid when the column of a PSD matrix is dependent)
        for (let i = j; i < n; i++) a[off + i * n + j] = 0;
        for (let k = j + 1; k < n; k++) a[rj + k] = 0;
        continue;
      }
      return j;
    }
    d = Math.sqrt(d);
    a[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = off + i * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / d;
    }
    for (let k = j + 1; k < n; k++) a[rj + k] = 0;
  }
  return -1;
}

/**
 * x = L\x for `ncol` right-hand sides stored row-major (n × ncol) at `x[xo..]`.
 *
 * @example
 * ```ts
 * forwardSolve(new Float64Array([2]), 0, 1, new Float64Array([4]), 0, 1); // x = [2]
 * ```
 */
export function forwardSolve(l: Float64Array, lo: number, n: number, x: Float64Array, xo: number, ncol: number): void {
  for (let i = 0; i < n; i++) {
    const li = lo + i * n;
    const xi = xo + i * ncol;
    for (let k = 0; k < i; k++) {
      const lik = l[li + k]!;
      if (lik === 0) continue;
      const xk = xo + k * ncol;
      for (let c = 0; c < ncol; c++) x[xi + c]! -= lik * x[xk + c]!;
    }
    const d = l[li + i]!;
    if (d !== 0) for (let c = 0; c < ncol; c++) x[xi + c] = x[xi + c]! / d;
    else for (let c = 0; c < ncol; c++) x[xi + c] = 0;
  }
}

/**
 * x = Lᵀ\x for `ncol` right-hand sides (row-major n × ncol).
 *
 * @example
 * ```ts
 * backSolve(new Float64Array([2]), 0, 1, new Float64Array([4]), 0, 1); // x = [2]
 * ```
 */
export function backSolve(l: Float64Array, lo: number, n: number, x: Float64Array, xo: number, ncol: number): void {
  for (let i = n - 1; i >= 0; i--) {
    const xi = xo + i * ncol;
    for (let k = i + 1; k < n; k++) {
      const lki = l[lo + k * n + i]!;
      if (lki === 0) continue;
      const xk = xo + k * ncol;
      for (let c = 0; c < ncol; c++) x[xi + c]! -= lki * x[xk + c]!;
    }
    const d = l[lo + i * n + i]!;
    if (d !== 0) for (let c = 0; c < ncol; c++) x[xi + c] = x[xi + c]! / d;
    else for (let c = 0; c < ncol; c++) x[xi + c] = 0;
  }
}

/**
 * Solve the symmetric positive definite system A x = b (A n×n row-major,
 * copied). Returns null when A is not positive definite.
 *
 * @example
 * ```ts
 * spdSolve([[2, 0], [0, 4]], [2, 4]); // [1, 1]
 * ```
 */
export function spdSolve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) l[i * n + j] = a[i]![j]!;
  if (cholInPlace(l, 0, n) >= 0) return null;
  const x = Float64Array.from(b);
  forwardSolve(l, 0, n, x, 0, 1);
  backSolve(l, 0, n, x, 0, 1);
  return Array.from(x);
}

/**
 * Inverse of a symmetric matrix in well-scaled coordinates: with
 * D = diag(1/√|a_ii|), A⁻¹ = D (DAD)⁻¹ D. The pivot test of `invert` is then
 * relative to unit diagonals, so the verdict (singular or not) and the digits
 * do not depend on the units of the rows (a Hessian whose fixed-effect rows
 * are in units of y and whose covariance rows are relative). Null when singular.
 *
 * @example
 * ```ts
 * invertEquilibrated([[1e18, 0], [0, 1e-18]]); // [[1e-18, 0], [0, 1e18]]
 * ```
 */
export function invertEquilibrated(a: number[][]): number[][] | null {
  const d = a.map((r, i) => {
    const v = Math.abs(r[i]!);
    return v > 0 && Number.isFinite(v) ? 1 / Math.sqrt(v) : 1;
  });
  const inv = invert(a.map((r, i) => r.map((v, j) => d[i]! * v * d[j]!)));
  return inv ? inv.map((r, i) => r.map((v, j) => d[i]! * v * d[j]!)) : null;
}

/**
 * Inverse of a general square matrix by Gauss–Jordan with partial pivoting;
 * null when singular.
 *
 * @example
 * ```ts
 * invert([[2, 0], [0, 4]]); // [[0.5, 0], [0, 0.25]]
 * ```
 */
export function invert(a: number[][]): number[][] | null {
  const n = a.length;
  const m = a.map((r, i) => {
    const row = new Array<number>(2 * n).fill(0);
    for (let j = 0; j < n; j++) row[j] = r[j]!;
    row[n + i] = 1;
    return row;
  });
  let scale = 0;
  for (const r of a) for (const v of r) scale = Math.max(scale, Math.abs(v));
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    const pv = m[piv]![c]!;
    if (!(Math.abs(pv) > 1e-14 * scale) || !Number.isFinite(pv)) return null;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    const rc = m[c]!;
    for (let j = 0; j < 2 * n; j++) rc[j] = rc[j]! / pv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const rr = m[r]!;
      const f = rr[c]!;
      if (f === 0) continue;
      for (let j = 0; j < 2 * n; j++) rr[j] = rr[j]! - f * rc[j]!;
    }
  }
  return m.map((r) => r.slice(n));
}

/**
 * log|det A| and sign of a general square matrix (LU with partial pivoting).
 *
 * @example
 * ```ts
 * slogdet([[2, 0], [0, 3]]); // { sign: 1, logabsdet: Math.log(6) }
 * ```
 */
export function slogdet(a: number[][]): { sign: number; logabsdet: number } {
  const n = a.length;
  const m = a.map((r) => r.slice());
  let sign = 1;
  let ld = 0;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    const pv = m[piv]![c]!;
    if (pv === 0) return { sign: 0, logabsdet: -Infinity };
    if (piv !== c) {
      [m[c], m[piv]] = [m[piv]!, m[c]!];
      sign = -sign;
    }
    if (pv < 0) sign = -sign;
    ld += Math.log(Math.abs(pv));
    const rc = m[c]!;
    for (let r = c + 1; r < n; r++) {
      const rr = m[r]!;
      const f = rr[c]! / pv;
      if (f === 0) continue;
      for (let j = c; j < n; j++) rr[j] = rr[j]! - f * rc[j]!;
    }
  }
  return { sign, logabsdet: ld };
}

/**
 * Lower Cholesky factor of a symmetric PSD matrix (zero pivots allowed);
 * null when the matrix is not PSD.
 *
 * @example
 * ```ts
 * choleskyLower([[4, 2], [2, 2]]); // [[2, 0], [1, 1]]
 * ```
 */
export function choleskyLower(a: number[][]): number[][] | null {
  const n = a.length;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) l[i * n + j] = a[i]![j]!;
  if (cholInPlace(l, 0, n, true) >= 0) return null;
  const out: number[][] = [];
  for (let i = 0; i < n; i++) out.push(Array.from(l.subarray(i * n, i * n + n)));
  return out;
}

/**
 * In-place LDLᵀ of the symmetric n×n row-major matrix at `a[off..]`, without
 * pivoting (Golub & Van Loan, Matrix Computations, §4.1.2): A = L D Lᵀ, L unit
 * lower. Column j: w_k = ℓ_jk d_k (k < j), d_j = a_jj − Σ_k ℓ_jk w_k,
 * ℓ_ij = (a_ij − Σ_k ℓ_ik w_k) / d_j (i > j). Reads the lower triangle; leaves
 * ℓ_ij below the diagonal, d_j on it and D Lᵀ (the w's, its workspace) above.
 * By Sylvester's law of inertia A and D have the same numbers of negative and
 * positive eigenvalues. Returns −1, or the first column whose pivot d_j is
 * zero or not finite (A, or a leading block of it, singular).
 *
 * @example
 * ```ts
 * const a = Float64Array.of(1, 2, 2, 1);
 * ldlInPlace(a, 0, 2); // -1; d = (1, −3): one negative eigenvalue
 * ```
 */
export function ldlInPlace(a: Float64Array, off: number, n: number): number {
  for (let j = 0; j < n; j++) {
    const rj = off + j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) {
      const w = a[rj + k]! * a[off + k * n + k]!;
      a[off + k * n + j] = w;
      d -= a[rj + k]! * w;
    }
    if (d === 0 || !Number.isFinite(d)) return j;
    a[rj + j] = d;
    for (let i = j + 1; i < n; i++) {
      const ri = off + i * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[off + k * n + j]!;
      a[ri + j] = s / d;
    }
  }
  return -1;
}

/**
 * x = A\x = L⁻ᵀ D⁻¹ L⁻¹ x from the factor of {@link ldlInPlace}, for `ncol`
 * right-hand sides stored row-major (n × ncol) at `x[xo..]`.
 *
 * @example
 * ```ts
 * const a = Float64Array.of(1, 2, 2, 1);
 * ldlInPlace(a, 0, 2);
 * const x = Float64Array.of(3, 3);
 * ldlSolve(a, 0, 2, x, 0, 1); // x = [1, 1]
 * ```
 */
export function ldlSolve(a: Float64Array, off: number, n: number, x: Float64Array, xo: number, ncol: number): void {
  // x = L\x, then x = D\x
  for (let i = 0; i < n; i++) {
    const ri = off + i * n;
    const xi = xo + i * ncol;
    for (let k = 0; k < i; k++) {
      const l = a[ri + k]!;
      if (l === 0) continue;
      const xk = xo + k * ncol;
      for (let c = 0; c < ncol; c++) x[xi + c]! -= l * x[xk + c]!;
    }
  }
  for (let i = 0; i < n; i++) {
    const d = a[off + i * n + i]!;
    for (let c = 0; c < ncol; c++) x[xo + i * ncol + c]! /= d;
  }
  // x = Lᵀ\x
  for (let i = n - 1; i >= 0; i--) {
    const xi = xo + i * ncol;
    for (let k = i + 1; k < n; k++) {
      const l = a[off + k * n + i]!;
      if (l === 0) continue;
      const xk = xo + k * ncol;
      for (let c = 0; c < ncol; c++) x[xi + c]! -= l * x[xk + c]!;
    }
  }
}

/**
 * C = A·B for n×n row-major matrices.
 *
 * @example
 * ```ts
 * matMul(Float64Array.of(1, 0, 0, 1), Float64Array.of(1, 2, 3, 4), 2); // [1, 2, 3, 4]
 * ```
 */
export function matMul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const v = a[i * n + k]!;
      if (v === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j]! += v * b[k * n + j]!;
    }
  return out;
}
