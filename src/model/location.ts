/**
 * Location and scale of the response, taken out before any likelihood sum.
 *
 * The likelihood needs rᵀV⁻¹r with r = y − Xβ, and the engines form it from
 * cross products (yᵀV⁻¹y − 2βᵀXᵀV⁻¹y + βᵀXᵀV⁻¹Xβ). When y sits far from zero
 * (y + 10⁸) those terms are ~10¹⁶ times the result and cancel to noise. So the
 * model stores y₀ = y − Xb₀ (b₀ the OLS fit, refined once) and works with
 * δ = β − b₀: the residuals are the same numbers, the sums are of the size of
 * the residuals, and β = b₀ + δ is reported. The RMS s of y₀ is the response's
 * unit; the fit's objective is measured in it so that the optimizer sees the
 * same numbers whatever the units of y.
 */
import { backSolve, cholInPlace, forwardSolve } from './dense.js';

/**
 * The response's location b₀ (p) and unit s (RMS of y − Xb₀, 1 when zero).
 *
 * @example
 * ```ts
 * const { b0, y0, s } = responseLocation(X, y, n, p); // y0 = y − X·b0
 * ```
 */
export interface ResponseLocation {
  b0: Float64Array;
  y0: Float64Array;
  s: number;
}

/** Least squares of y on X (n × p row-major) from equilibrated normal equations; null when XᵀX is singular. */
function olsSolve(X: Float64Array, r: Float64Array, n: number, p: number, d: Float64Array, chol: Float64Array | null): { b: Float64Array; chol: Float64Array } | null {
  let c = chol;
  if (!c) {
    c = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let s = 0; s < p; s++) {
        const xs = X[o + s]! * d[s]!;
        if (xs === 0) continue;
        for (let t = 0; t <= s; t++) c[s * p + t]! += xs * X[o + t]! * d[t]!;
      }
    }
    for (let s = 0; s < p; s++) for (let t = 0; t < s; t++) c[t * p + s] = c[s * p + t]!;
    if (cholInPlace(c, 0, p) >= 0) return null;
  }
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    const ri = r[i]!;
    for (let s = 0; s < p; s++) b[s]! += X[o + s]! * d[s]! * ri;
  }
  forwardSolve(c, 0, p, b, 0, 1);
  backSolve(c, 0, p, b, 0, 1);
  for (let s = 0; s < p; s++) b[s]! *= d[s]!;
  return { b, chol: c };
}

/**
 * b₀ = OLS of y on X with one step of iterative refinement (so y₀ = y − Xb₀ is
 * orthogonal to X to working precision even when y is far from zero), y₀, and
 * s = √(y₀ᵀy₀ / n). With p = 0 or a singular XᵀX, b₀ = 0.
 *
 * @example
 * ```ts
 * responseLocation(Float64Array.of(1, 1, 1), Float64Array.of(1e8 + 1, 1e8 + 2, 1e8 + 3), 3, 1).b0; // [1e8 + 2]
 * ```
 */
export function responseLocation(X: Float64Array, y: Float64Array, n: number, p: number): ResponseLocation {
  const b0 = new Float64Array(p);
  const y0 = Float64Array.from(y);
  // column equilibration: d_s = 1/‖x_s‖
  const d = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let s = 0; s < p; s++) d[s]! += X[i * p + s]! ** 2;
  for (let s = 0; s < p; s++) d[s] = d[s]! > 0 ? 1 / Math.sqrt(d[s]!) : 1;
  let chol: Float64Array | null = null;
  for (let pass = 0; pass < 2 && p > 0; pass++) {
    const step = olsSolve(X, y0, n, p, d, chol);
    if (!step || !step.b.every(Number.isFinite)) break;
    chol = step.chol;
    for (let s = 0; s < p; s++) b0[s]! += step.b[s]!;
    for (let i = 0; i < n; i++) {
      let f = 0;
      for (let s = 0; s < p; s++) f += X[i * p + s]! * b0[s]!;
      y0[i] = y[i]! - f;
    }
  }
  return { b0, y0, s: unitOf(y0) };
}

/** RMS of a residual vector, 1 when it is zero or not finite. */
function unitOf(y0: Float64Array): number {
  let ss = 0;
  for (let i = 0; i < y0.length; i++) ss += y0[i]! * y0[i]!;
  const s = Math.sqrt(ss / Math.max(1, y0.length));
  return s > 0 && Number.isFinite(s) ? s : 1;
}

/**
 * The same location for a model given by cross products: b₀ from XᵀX and Xᵀy,
 * then Zᵀy₀ = Zᵀy − (ZᵀX)b₀ and Q₀ = [X y₀]ᵀ[X y₀]. (yᵀy came from the data
 * source already summed, so y₀ᵀy₀ keeps whatever cancellation the source's
 * sum had; the other entries lose nothing.)
 *
 * @example
 * ```ts
 * const { b0, c, Q0, s } = crossLocation(B, c, Q0, p, n);
 * ```
 */
export function crossLocation(B: Float64Array, c: Float64Array, Q0: Float64Array, p: number, n: number): { b0: Float64Array; c: Float64Array; Q0: Float64Array; s: number } {
  const p1 = p + 1;
  const b0 = new Float64Array(p);
  const h = new Float64Array(p * p);
  for (let s = 0; s < p; s++) for (let t = 0; t < p; t++) h[s * p + t] = Q0[s * p1 + t]!;
  if (p > 0 && cholInPlace(h, 0, p) < 0) {
    for (let s = 0; s < p; s++) b0[s] = Q0[s * p1 + p]!;
    forwardSolve(h, 0, p, b0, 0, 1);
    backSolve(h, 0, p, b0, 0, 1);
    if (!b0.every(Number.isFinite)) b0.fill(0);
  }
  const q = c.length;
  const c0 = Float64Array.from(c);
  for (let j = 0; j < q; j++) for (let s = 0; s < p; s++) c0[j]! -= B[j * p + s]! * b0[s]!;
  const out = Float64Array.from(Q0);
  // Xᵀy₀ = Xᵀy − XᵀXb₀; y₀ᵀy₀ = yᵀy − 2b₀ᵀXᵀy + b₀ᵀXᵀXb₀
  let yy = Q0[p * p1 + p]!;
  for (let s = 0; s < p; s++) {
    let xy = Q0[s * p1 + p]!;
    for (let t = 0; t < p; t++) xy -= Q0[s * p1 + t]! * b0[t]!;
    out[s * p1 + p] = xy;
    out[p * p1 + s] = xy;
    yy -= b0[s]! * (Q0[s * p1 + p]! + xy);
  }
  out[p * p1 + p] = Math.max(yy, 0);
  const s = Math.sqrt(Math.max(yy, 0) / Math.max(1, n));
  return { b0, c: c0, Q0: out, s: s > 0 && Number.isFinite(s) ? s : 1 };
}
