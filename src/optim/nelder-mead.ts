/**
 * Nelder–Mead simplex search as specified by Lagarias, Reeds, Wright & Wright
 * (SIAM J. Optim. 9, 1998), with the dimension-adaptive coefficients of Gao &
 * Han (Comput. Optim. Appl. 51, 2012) for n ≥ 2:
 *
 *   reflection ρ = 1, expansion χ = 1 + 2/n, contraction γ = 3/4 − 1/(2n),
 *   shrink σ = 1 − 1/n     (n = 1: the standard 1, 2, ½, ½; n = 2 coincides).
 *
 * Initial simplex: x0 and x0 + h_i e_i with h_i = `initialStep` or 5% of |x0_i|
 * (0.00025 when x0_i = 0). Bounds: every vertex is projected onto the box (an
 * initial vertex beyond a bound is mirrored to x0 − h_i e_i first). Rejected
 * points (non-finite f) count as +∞. Stops when both the f-spread over the
 * simplex ≤ ftol·max(|f_best|, 1) and max_i ‖x_i − x_best‖∞ ≤ xtol·max(‖x_best‖∞, 1).
 */
import { InvalidArgumentError } from '../errors.js';
import { type Box, project } from './bounds.js';
import { type ResolvedOptions, Progress } from './common.js';
import { ValueEvaluator } from './evaluator.js';
import type { MinimizeResult, Objective } from './types.js';
import { allFinite } from './vector.js';

/**
 * Minimizes f from x0 by Nelder–Mead. Prefer `minimizeDerivativeFree(f, x0, options)`.
 *
 * @example
 * ```ts
 * const r = nelderMead((x) => (x[0]! - 1) ** 2 + (x[1]! + 2) ** 2, new Float64Array([0, 0]),
 *                      resolveOptions('nm', 2, {}), makeBox(2, undefined, undefined));
 * // r.x ≈ [1, −2]
 * ```
 */
export function nelderMead(f: Objective, x0: Float64Array, opts: ResolvedOptions, box: Box): MinimizeResult {
  const n = x0.length;
  if (!allFinite(x0)) throw new InvalidArgumentError('x0', 'starting point is not finite');
  const ev = new ValueEvaluator(f);
  const progress = new Progress(opts);
  const evalf = (x: Float64Array): number => {
    const v = ev.eval(x);
    return v === v ? v : Infinity;
  };
  const rho = 1;
  const chi = n >= 2 ? 1 + 2 / n : 2;
  const gam = n >= 2 ? 0.75 - 1 / (2 * n) : 0.5;
  const sig = n >= 2 ? 1 - 1 / n : 0.5;

  // simplex vertices V[j] (j = 0..n), values F[j], order idx (best first)
  const V: Float64Array[] = [];
  const F = new Float64Array(n + 1);
  const base = Float64Array.from(x0);
  project(base, box);
  V.push(base);
  F[0] = evalf(base);
  if (F[0] === Infinity) {
    throw new InvalidArgumentError('x0', 'objective is not finite at the starting point');
  }
  progress.start(base, F[0]);
  for (let i = 0; i < n; i++) {
    const v = Float64Array.from(base);
    const xi = base[i]!;
    const h = opts.initialStep ?? (xi !== 0 ? 0.05 * Math.abs(xi) : 0.00025);
    v[i] = xi + h <= box.upper[i]! ? xi + h : xi - h;
    project(v, box);
    V.push(v);
    F[i + 1] = evalf(v);
  }
  const idx = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) idx[j] = j;
  const sortSimplex = (): void => {
    // insertion sort of idx by F (stable: ties keep their order)
    for (let a = 1; a <= n; a++) {
      const t = idx[a]!;
      const ft = F[t]!;
      let b = a - 1;
      while (b >= 0 && F[idx[b]!]! > ft) {
        idx[b + 1] = idx[b]!;
        b--;
      }
      idx[b + 1] = t;
    }
  };
  const xbar = new Float64Array(n);
  const xr = new Float64Array(n);
  const xe = new Float64Array(n);
  const xc = new Float64Array(n);
  // out = P(x̄ + t (x̄ − x_worst))
  const along = (out: Float64Array, worst: Float64Array, t: number): void => {
    for (let i = 0; i < n; i++) out[i] = xbar[i]! + t * (xbar[i]! - worst[i]!);
    project(out, box);
  };

  let k = 0;
  let converged = false;
  let message: string;
  sortSimplex();
  for (;;) {
    const best = V[idx[0]!]!;
    const fBest = F[idx[0]!]!;
    const fWorst = F[idx[n]!]!;
    let xs = 0;
    let xm = 1;
    for (let i = 0; i < n; i++) xm = Math.max(xm, Math.abs(best[i]!));
    for (let j = 1; j <= n; j++) {
      const v = V[idx[j]!]!;
      for (let i = 0; i < n; i++) xs = Math.max(xs, Math.abs(v[i]! - best[i]!));
    }
    if (n === 0 || (fWorst - fBest <= opts.ftol * Math.max(Math.abs(fBest), 1) && xs <= opts.xtol * xm)) {
      converged = true;
      message = n === 0 ? 'no parameters' : 'simplex size below xtol and ftol';
      break;
    }
    if (k >= opts.maxiter) {
      message = 'maximum iterations reached';
      break;
    }
    if (ev.fev >= opts.maxfev) {
      message = 'maximum function evaluations reached';
      break;
    }
    // x̄ = centroid of all but the worst
    xbar.fill(0);
    for (let j = 0; j < n; j++) {
      const v = V[idx[j]!]!;
      for (let i = 0; i < n; i++) xbar[i] = xbar[i]! + v[i]!;
    }
    for (let i = 0; i < n; i++) xbar[i] = xbar[i]! / n;
    const worstJ = idx[n]!;
    const worst = V[worstJ]!;
    const fSecond = F[idx[n - 1]!]!;
    along(xr, worst, rho);
    const fr = evalf(xr);
    let shrink = false;
    if (fr < fBest) {
      along(xe, worst, rho * chi);
      const fe = evalf(xe);
      if (fe < fr) {
        worst.set(xe);
        F[worstJ] = fe;
      } else {
        worst.set(xr);
        F[worstJ] = fr;
      }
    } else if (fr < fSecond) {
      worst.set(xr);
      F[worstJ] = fr;
    } else if (fr < fWorst) {
      along(xc, worst, rho * gam); // outside contraction
      const fc = evalf(xc);
      if (fc <= fr) {
        worst.set(xc);
        F[worstJ] = fc;
      } else shrink = true;
    } else {
      along(xc, worst, -gam); // inside contraction
      const fc = evalf(xc);
      if (fc < fWorst) {
        worst.set(xc);
        F[worstJ] = fc;
      } else shrink = true;
    }
    if (shrink) {
      // v_j = x_best + σ (v_j − x_best)
      for (let j = 1; j <= n; j++) {
        const v = V[idx[j]!]!;
        for (let i = 0; i < n; i++) v[i] = best[i]! + sig * (v[i]! - best[i]!);
        project(v, box);
        F[idx[j]!] = evalf(v);
      }
    }
    sortSimplex();
    k++;
    progress.step(k, ev.fev, V[idx[0]!]!, F[idx[0]!]!, NaN);
  }
  const xBest = Float64Array.from(V[idx[0]!]!);
  return progress.finish({
    x: xBest,
    f: F[idx[0]!]!,
    grad: new Float64Array(n),
    iterations: k,
    fev: ev.fev,
    gev: 0,
    converged,
    message,
  });
}
