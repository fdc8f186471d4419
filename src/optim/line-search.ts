/**
 * Line search for the strong Wolfe conditions (Nocedal & Wright, "Numerical
 * Optimization", 2nd ed., Algorithm 3.5 with `zoom`, Algorithm 3.6), on
 * φ(α) = f(x + α p):
 *
 *   φ(α) ≤ φ(0) + c1 α φ'(0)        (sufficient decrease, 3.7a)
 *   |φ'(α)| ≤ c2 |φ'(0)|             (curvature, 3.7b)
 *
 * Trial steps inside a bracket come from the cubic interpolating φ and φ' at
 * both ends (N&W eq. 3.59), safeguarded to the middle 80% of the bracket, then
 * a quadratic (φ(lo), φ'(lo), φ(hi)), then bisection. Extrapolation uses the
 * cubic through the last two points clamped to [α + Δ, α + 4Δ].
 *
 * When f differences reach rounding level, sufficient decrease cannot be
 * verified from f; a point then also passes if f ≤ f(0) + 1e-10·max(|f(0)|, 1)
 * and the curvature condition holds (the approximate Wolfe idea of Hager &
 * Zhang, SIAM J. Optim. 16, 2005), which keeps the final iterations going.
 *
 * A rejected trial point (non-finite f or gradient, or a not-positive-definite
 * error from the objective) is treated like a point violating sufficient
 * decrease: it becomes the upper end of the bracket and the search steps back
 * to lo + 0.25 (hi − lo).
 */
import { type Box, project } from './bounds.js';
import type { Evaluator } from './evaluator.js';
import { axpyTo, dot } from './vector.js';

/** Tuning of the strong Wolfe search. */
export interface WolfeOptions {
  /** Sufficient-decrease constant, 0 < c1 < c2 < 1. Default 1e-4. */
  c1?: number;
  /** Curvature constant. Default 0.9 (quasi-Newton); use 0.1 for CG. */
  c2?: number;
  /** Largest admissible step. Default Infinity. */
  alphaMax?: number;
  /** Evaluations allowed in this search. Default 20. */
  maxEval?: number;
  /** Clamp trial points into this box (guards rounding when alphaMax is the step to a bound). */
  box?: Box;
}

/**
 * `wolfe`: both conditions hold (sufficient decrease possibly in the
 * approximate form f ≤ f(x) + 1e-10·max(|f(x)|, 1), see the module comment). `alphaMax`: α = alphaMax satisfies
 * sufficient decrease with φ'(α) < 0 (a bound was reached). `armijo`: only
 * sufficient decrease could be achieved (bracket collapsed or budget spent).
 * `failed`: no point with sufficient decrease was found (α = 0, x unchanged).
 */
export type LineSearchStatus = 'wolfe' | 'alphaMax' | 'armijo' | 'failed';

/** Outcome; the accepted point and its gradient are in the search's `x`/`g`. */
export interface LineSearchResult {
  status: LineSearchStatus;
  alpha: number;
  f: number;
  /** Evaluations used by this search. */
  fev: number;
}

/**
 * Minimizer of the cubic matching (a, fa, da) and (b, fb, db) (N&W eq. 3.59);
 * NaN when it does not exist.
 *
 * @example
 * ```ts
 * cubicMin(0, 0, -1, 1, 0, 1); // 0.5 (φ = α² − α)
 * ```
 */
export function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = (b >= a ? 1 : -1) * Math.sqrt(disc);
  const den = db - da + 2 * d2;
  if (den === 0) return NaN;
  return b - ((b - a) * (db + d2 - d1)) / den;
}

/**
 * Minimizer of the quadratic matching φ(a), φ'(a), φ(b); NaN when not convex.
 *
 * @example
 * ```ts
 * quadMin(0, 0, -1, 1, 0); // 0.5
 * ```
 */
export function quadMin(a: number, fa: number, da: number, b: number, fb: number): number {
  const h = b - a;
  const c = fb - fa - da * h; // = curvature·h²/2
  if (!(c > 0)) return NaN;
  return a - (da * h * h) / (2 * c);
}

/**
 * A line search's result vectors for an n-vector, reusable across iterations:
 * after `search`, `x` and `g` hold the accepted point and its gradient (or
 * the starting point's copy when `failed`).
 *
 * @example
 * ```ts
 * const ls: LineSearchBase = new StrongWolfe(3);
 * ls.x.length; // 3
 * ```
 */
export abstract class LineSearchBase {
  /** Accepted point. */
  readonly x: Float64Array;
  /** Gradient at the accepted point. */
  readonly g: Float64Array;

  constructor(n: number) {
    this.x = new Float64Array(n);
    this.g = new Float64Array(n);
  }
}

/**
 * Strong Wolfe line search with workspaces for an n-vector, reusable across
 * iterations (see {@link LineSearchBase}).
 *
 * @example
 * ```ts
 * const ev = new Evaluator((x, g) => { g[0] = 2 * x[0]!; return x[0]! ** 2; }, 100);
 * const ls = new StrongWolfe(1);
 * const r = ls.search(ev, new Float64Array([1]), 1, new Float64Array([2]), new Float64Array([-2]), 1);
 * // r.status === 'wolfe', ls.x ≈ [0] (α = 0.5)
 * ```
 */
export class StrongWolfe extends LineSearchBase {
  private readonly xt: Float64Array;
  private readonly gt: Float64Array;

  constructor(n: number) {
    super(n);
    this.xt = new Float64Array(n);
    this.gt = new Float64Array(n);
  }

  /**
   * Searches along p from x (f(x) = f0, ∇f(x) = g0, requires g0ᵀp < 0),
   * starting with α = alpha0.
   */
  search(
    ev: Evaluator,
    x0: Float64Array,
    f0: number,
    g0: Float64Array,
    p: Float64Array,
    alpha0: number,
    opts: WolfeOptions = {},
  ): LineSearchResult {
    const c1 = opts.c1 ?? 1e-4;
    const c2 = opts.c2 ?? 0.9;
    const alphaMax = opts.alphaMax ?? Infinity;
    const maxEval = opts.maxEval ?? 20;
    const box = opts.box;
    const d0 = dot(g0, p);
    const fevStart = ev.fev;
    const { x, g, xt, gt } = this;

    // lo: best point so far satisfying sufficient decrease (starts at α = 0)
    x.set(x0);
    g.set(g0);
    let aLo = 0;
    let fLo = f0;
    let dLo = d0;
    const keepLo = (a: number, f: number, d: number): void => {
      aLo = a;
      fLo = f;
      dLo = d;
      x.set(xt);
      g.set(gt);
    };
    const budget = (): boolean => ev.exhausted || ev.fev - fevStart >= maxEval;
    const done = (status: LineSearchStatus): LineSearchResult => ({
      status: status === 'armijo' && aLo === 0 ? 'failed' : status,
      alpha: aLo,
      f: fLo,
      fev: ev.fev - fevStart,
    });
    // φ(α), φ'(α) at the trial point (f NaN when rejected)
    let dt = NaN;
    const phi = (a: number): number => {
      axpyTo(xt, x0, a, p);
      if (box) project(xt, box);
      const f = ev.eval(xt, gt);
      dt = f === f ? dot(gt, p) : NaN;
      return f;
    };
    if (!(d0 < 0)) return done('failed');
    // strong Wolfe, or its approximate form when f differences are at rounding
    // level: f ≤ f0 + ε_f with |φ'| ≤ c2|φ'(0)| (Hager & Zhang 2005, sec. 4)
    const epsF = 1e-10 * Math.max(Math.abs(f0), 1);
    const acceptable = (a: number, f: number, d: number): boolean =>
      f === f && Math.abs(d) <= -c2 * d0 && (f <= f0 + c1 * a * d0 || f <= f0 + epsF);

    // zoom (Alg. 3.6) on the bracket [lo, hi]; lo already holds the lo point.
    const zoom = (aHi: number, fHi: number, dHi: number): LineSearchResult => {
      for (;;) {
        if (budget()) return done('armijo');
        const w = Math.abs(aHi - aLo);
        if (w <= 1e-12 * Math.max(aLo, aHi)) return done('armijo');
        const left = Math.min(aLo, aHi) + 0.1 * w;
        const right = Math.max(aLo, aHi) - 0.1 * w;
        let a: number;
        if (fHi === fHi) {
          a = cubicMin(aLo, fLo, dLo, aHi, fHi, dHi);
          if (!(a >= left && a <= right)) a = quadMin(aLo, fLo, dLo, aHi, fHi);
          if (!(a >= left && a <= right)) a = 0.5 * (aLo + aHi);
        } else {
          a = aLo + 0.25 * (aHi - aLo); // hi rejected: step well back
        }
        const f = phi(a);
        const d = dt;
        if (acceptable(a, f, d)) {
          keepLo(a, f, d);
          return done('wolfe');
        }
        if (f !== f || f > f0 + c1 * a * d0 || f >= fLo) {
          aHi = a;
          fHi = f;
          dHi = d;
        } else {
          if (Math.abs(d) <= -c2 * d0) {
            keepLo(a, f, d);
            return done('wolfe');
          }
          if (d * (aHi - aLo) >= 0) {
            aHi = aLo;
            fHi = fLo;
            dHi = dLo;
          }
          keepLo(a, f, d);
        }
      }
    };

    // bracketing phase (Alg. 3.5)
    let aPrev = 0;
    let fPrev = f0;
    let dPrev = d0;
    let a = Math.min(alpha0, alphaMax);
    if (!(a > 0)) return done('failed');
    for (let i = 1; ; i++) {
      if (budget()) return done('armijo');
      const f = phi(a);
      const d = dt;
      if (acceptable(a, f, d)) {
        keepLo(a, f, d);
        return done('wolfe');
      }
      if (f !== f || f > f0 + c1 * a * d0 || (i > 1 && f >= fPrev)) {
        return zoom(a, f, d); // lo = aPrev (already kept)
      }
      keepLo(a, f, d);
      if (d >= 0) {
        // minimizer bracketed in [aPrev, a]; lo = a, hi = aPrev
        aLo = a;
        return zoom(aPrev, fPrev, dPrev);
      }
      if (a >= alphaMax) return done('alphaMax');
      const delta = a - aPrev;
      // extrapolate: the cubic's minimizer, at least doubling the last increment (geometric growth: a nearly
      // linear φ, whose cubic has no minimizer, must not be crept along in equal steps), at most 4×
      let next = cubicMin(aPrev, fPrev, dPrev, a, f, d);
      if (!(next >= a + 2 * delta)) next = a + 2 * delta;
      if (next > a + 4 * delta) next = a + 4 * delta;
      aPrev = a;
      fPrev = f;
      dPrev = d;
      a = Math.min(next, alphaMax);
    }
  }
}
