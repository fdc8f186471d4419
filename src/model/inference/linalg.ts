/**
 * Small dense symmetric algebra for inference on a fit (p × p and m × m
 * matrices, row-major Float64Array): products, Jacobi eigen-decomposition,
 * pseudo-inverse.
 */
import { cholInPlace } from '../dense.js';
export { matMul } from '../dense.js';

/**
 * tr(A·B) for n×n row-major matrices.
 *
 * @example
 * ```ts
 * traceProd(Float64Array.of(1, 0, 0, 1), Float64Array.of(1, 2, 3, 4), 2); // 5
 * ```
 */
export function traceProd(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) s += a[i * n + k]! * b[k * n + i]!;
  return s;
}

/**
 * Aᵀ of an n×n row-major matrix.
 *
 * @example
 * ```ts
 * transpose(Float64Array.of(1, 2, 3, 4), 2); // [1, 3, 2, 4]
 * ```
 */
export function transpose(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = a[i * n + j]!;
  return out;
}

/**
 * Eigen-decomposition of a symmetric n×n matrix by cyclic Jacobi rotations:
 * values in decreasing order, vectors as columns (row-major n×n).
 *
 * @example
 * ```ts
 * symEigen(Float64Array.of(2, 1, 1, 2), 2).values; // [3, 1]
 * ```
 */
export function symEigen(a0: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(a0);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let tot = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const x = a[i * n + j]! * a[i * n + j]!;
        tot += x;
        if (i !== j) off += x;
      }
    if (off <= 1e-30 * tot || off === 0) break;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        // rotation angle: tan 2φ = 2a_pq / (a_qq − a_pp)
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y]! - a[x * n + x]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src]!;
  });
  return { values, vectors };
}

/**
 * Moore–Penrose inverse of a symmetric n×n matrix: eigenvalues with
 * |λ| ≤ tol·max|λ| are dropped. Returns the inverse and the number of kept values.
 *
 * @example
 * ```ts
 * symPinv(Float64Array.of(2, 0, 0, 0), 2).inv; // [0.5, 0, 0, 0]
 * ```
 */
export function symPinv(a: Float64Array, n: number, tol = 1e-12): { inv: Float64Array; rank: number } {
  const { values, vectors } = symEigen(a, n);
  let mx = 0;
  for (const x of values) mx = Math.max(mx, Math.abs(x));
  const inv = new Float64Array(n * n);
  let rank = 0;
  for (let k = 0; k < n; k++) {
    const lam = values[k]!;
    if (!(Math.abs(lam) > tol * mx)) continue;
    rank++;
    for (let i = 0; i < n; i++) {
      const vi = vectors[i * n + k]! / lam;
      if (vi === 0) continue;
      for (let j = 0; j < n; j++) inv[i * n + j]! += vi * vectors[j * n + k]!;
    }
  }
  return { inv, rank };
}

/**
 * Inverse of a symmetric positive definite n×n matrix by Cholesky; null when not PD.
 *
 * @example
 * ```ts
 * spdInverse(Float64Array.of(4, 0, 0, 1), 2); // [0.25, 0, 0, 1]
 * ```
 */
export function spdInverse(a: Float64Array, n: number): Float64Array | null {
  const l = Float64Array.from(a);
  if (cholInPlace(l, 0, n) >= 0) return null;
  // L⁻¹ then (L⁻¹)ᵀL⁻¹
  const li = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    for (let i = c; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k++) s -= l[i * n + k]! * li[k * n + c]!;
      li[i * n + c] = s / l[i * n + i]!;
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += li[k * n + i]! * li[k * n + j]!;
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  return out;
}
