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
 * The frame the likelihood works in: X' = XT (non-intercept columns scaled
 * to unit RMS, and centred when far from zero beside an all-ones column),
 * y₀ = y − Xb₀ (b₀ the OLS fit), β = b₀ + Tδ, and the response's unit s
 * (RMS of y₀, 1 when zero).
 *
 * @example
 * ```ts
 * const f = workingFrame(X, y, n, p); // f.X = X·f.T, f.y0 = y − X·f.b0
 * ```
 */
export interface WorkingFrame {
  X: Float64Array;
  /** X'ᵀX' (p × p, full) */
  gram: Float64Array;
  T: Float64Array;
  /** T⁻¹: d_j on the diagonal, c_j in the intercept row */
  Tinv: Float64Array;
  logDetT: number;
  b0: Float64Array;
  y0: Float64Array;
  s: number;
}

/**
 * Centres and scales the columns of X (n × p row-major), then b₀ = OLS of y on
 * the scaled columns with one step of iterative refinement (so y₀ = y − Xb₀ is
 * orthogonal to X to working precision even when y is far from zero).
 * A column far from zero (x + 10⁶ beside the intercept) is then no harder
 * than x. With p = 0 or a singular XᵀX, b₀ = 0.
 *
 * @example
 * ```ts
 * workingFrame(Float64Array.of(1, 1, 1), Float64Array.of(1e8 + 1, 1e8 + 2, 1e8 + 3), 3, 1).b0; // [1e8 + 2]
 * ```
 */
export function workingFrame(X: Float64Array, y: Float64Array, n: number, p: number): WorkingFrame {
  const { Xs, T, Tinv, logDetT } = standardizeColumns(X, n, p);
  // X'ᵀX' once: the OLS steps' Cholesky factor and the model's rank check
  const gram = new Float64Array(p * p);
  for (let i = 0; i < n; i++)
    for (let s = 0; s < p; s++) {
      const xs = Xs[i * p + s]!;
      if (xs !== 0) for (let t = 0; t <= s; t++) gram[s * p + t]! += xs * Xs[i * p + t]!;
    }
  for (let s = 0; s < p; s++) for (let t = 0; t < s; t++) gram[t * p + s] = gram[s * p + t]!;
  const chol = Float64Array.from(gram);
  const b = new Float64Array(p);
  const y0 = Float64Array.from(y);
  for (let pass = 0; pass < 2 && p > 0 && (pass > 0 || cholInPlace(chol, 0, p) < 0); pass++) {
    const step = olsStep(Xs, y0, n, p, chol);
    if (!step.every(Number.isFinite)) break;
    for (let s = 0; s < p; s++) b[s]! += step[s]!;
    for (let i = 0; i < n; i++) {
      let f = 0;
      for (let s = 0; s < p; s++) f += Xs[i * p + s]! * b[s]!;
      y0[i] = y[i]! - f;
    }
  }
  // b₀ = T b (X'b = XTb)
  const b0 = new Float64Array(p);
  for (let s = 0; s < p; s++) for (let t = 0; t < p; t++) b0[s]! += T[s * p + t]! * b[t]!;
  return { X: Xs, gram, T, Tinv, logDetT, b0, y0, s: unitOf(y0) };
}

/**
 * X' = XT: with an all-ones column i, a column whose mean exceeds ten times
 * its spread is centred, x'_j = (x_j − mean x_j)/d_j, any other x'_j = x_j/d_j
 * (zeros stay zeros), d_j the RMS of the result (1 for a constant column); so
 * T_jj = 1/d_j, T_ij = −c_j/d_j, and log|det T| = −Σ log d_j.
 */
function standardizeColumns(X: Float64Array, n: number, p: number): { Xs: Float64Array; T: Float64Array; Tinv: Float64Array; logDetT: number } {
  let icpt = -1;
  for (let s = 0; s < p && icpt < 0; s++) {
    let all = n > 0;
    for (let i = 0; i < n && all; i++) all = X[i * p + s] === 1;
    if (all) icpt = s;
  }
  const c = new Float64Array(p);
  const d = new Float64Array(p).fill(1);
  for (let s = 0; s < p; s++) {
    if (s === icpt) continue;
    let m = 0;
    if (icpt >= 0) {
      for (let i = 0; i < n; i++) m += X[i * p + s]!;
      m /= n;
    }
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (X[i * p + s]! - m) ** 2;
    const spread = Math.sqrt(ss / Math.max(1, n));
    // centre only a column far from zero for its spread (x + 10⁶, a year): 0/1 dummies keep their zeros
    const cs = Math.abs(m) > 10 * spread ? m : 0;
    let ss2 = 0;
    for (let i = 0; i < n; i++) ss2 += (X[i * p + s]! - cs) ** 2;
    const rms = Math.sqrt(ss2 / Math.max(1, n));
    if (spread > 0 && rms > 0 && Number.isFinite(rms)) {
      c[s] = cs;
      d[s] = rms;
    }
  }
  const T = new Float64Array(p * p);
  const Tinv = new Float64Array(p * p);
  let logDetT = 0;
  for (let s = 0; s < p; s++) {
    T[s * p + s] = 1 / d[s]!;
    Tinv[s * p + s] = d[s]!;
    logDetT -= Math.log(d[s]!);
    if (icpt >= 0 && s !== icpt) {
      T[icpt * p + s] = -c[s]! / d[s]!;
      Tinv[icpt * p + s] = c[s]!;
    }
  }
  const Xs = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let s = 0; s < p; s++) Xs[i * p + s] = s === icpt ? 1 : (X[i * p + s]! - c[s]!) / d[s]!;
  return { Xs, T, Tinv, logDetT };
}

/** One least-squares step: (XᵀX)⁻¹Xᵀr from the Cholesky factor of XᵀX (X n × p row-major). */
function olsStep(X: Float64Array, r: Float64Array, n: number, p: number, chol: Float64Array): Float64Array {
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let s = 0; s < p; s++) b[s]! += X[i * p + s]! * r[i]!;
  forwardSolve(chol, 0, p, b, 0, 1);
  backSolve(chol, 0, p, b, 0, 1);
  return b;
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
