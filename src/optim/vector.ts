/**
 * Small dense vector kernels on `Float64Array` used by the optimizers.
 */

/**
 * Inner product xᵀy.
 *
 * @example
 * ```ts
 * dot(new Float64Array([1, 2]), new Float64Array([3, 4])); // 11
 * ```
 */
export function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/**
 * ‖x‖∞ (NaN if any entry is NaN).
 *
 * @example
 * ```ts
 * normInf(new Float64Array([1, -3])); // 3
 * ```
 */
export function normInf(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (a > m || a !== a) m = a;
    if (m !== m) return NaN;
  }
  return m;
}

/**
 * ‖x‖₂.
 *
 * @example
 * ```ts
 * norm2(new Float64Array([3, 4])); // 5
 * ```
 */
export function norm2(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}

/**
 * out = x + a·p.
 *
 * @example
 * ```ts
 * const out = new Float64Array(2); axpyTo(out, new Float64Array([1, 1]), 2, new Float64Array([1, 0])); // [3, 1]
 * ```
 */
export function axpyTo(out: Float64Array, x: Float64Array, a: number, p: Float64Array): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i]! + a * p[i]!;
}

/**
 * True when every entry is finite.
 *
 * @example
 * ```ts
 * allFinite(new Float64Array([1, NaN])); // false
 * ```
 */
export function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}
