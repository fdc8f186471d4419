/**
 * BFGS (Nocedal & Wright, Algorithm 6.1) with a dense inverse-Hessian
 * approximation H and the strong Wolfe line search (c1 = 1e-4, c2 = 0.9).
 *
 *   p = −H g;  x⁺ = x + α p;  s = x⁺ − x, y = g⁺ − g, ρ = 1/(yᵀs)
 *   H⁺ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ                      (6.17)
 *
 * H₀ = I for the first step (trial length `initialStep`, default 1); before the
 * first update H₀ is rescaled to (yᵀs / yᵀy) I (eq. 6.20). A caller's
 * `initialInvHessian` replaces both (first trial step −H₀g, α = 1); `firstStepLength`
 * sets the first trial's length exactly (α may exceed 1). With
 * `stepTol` > 0 it also stops when |(Hg)_i| ≤ stepTol·|x_i| for all i. An update with
 * yᵀs ≤ 1e-10‖s‖‖y‖ is skipped. When the line search finds no decrease, H is
 * reset to I and the iteration retried once; a second failure stops.
 */
import { type ResolvedOptions, type StopReason, Termination, smallStep, startRun } from './common.js';
import { StrongWolfe } from './line-search.js';
import type { MinimizeResult, ObjectiveWithGradient } from './types.js';
import { dot, norm2, normInf } from './vector.js';

/** |(H g)_i| ≤ tol·|x_i| for every i (work: n scratch). */
function newtonStepSmall(H: Float64Array, g: Float64Array, x: Float64Array, tol: number, work: Float64Array): boolean {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = 0; j < n; j++) t += H[i * n + j]! * g[j]!;
    work[i] = t;
    if (!(Math.abs(t) <= tol * Math.abs(x[i]!))) return false;
  }
  return true;
}

/**
 * Minimizes fg from x0 by BFGS. Prefer `minimize(fg, x0, { method: 'bfgs' })`.
 *
 * @example
 * ```ts
 * const r = bfgs((x, g) => { g[0] = 2 * (x[0]! - 3); return (x[0]! - 3) ** 2; },
 *                new Float64Array([0]), resolveOptions('bfgs', 1, {}));
 * // r.x ≈ [3]
 * ```
 */
export function bfgs(fg: ObjectiveWithGradient, x0: Float64Array, opts: ResolvedOptions): MinimizeResult {
  const n = x0.length;
  const { ev, progress, x, g, f: f0 } = startRun(fg, x0, opts);
  const term = new Termination(opts, ev, progress);
  let f = f0;

  const H = new Float64Array(n * n);
  const resetH = (): void => {
    H.fill(0);
    for (let i = 0; i < n; i++) H[i * n + i] = 1;
  };
  resetH();
  let fresh = true; // H = I, not yet scaled (eq. 6.20 pending)
  if (opts.initialInvHessian) {
    // caller's H₀ (already scaled): full quasi-Newton first step
    H.set(opts.initialInvHessian);
    fresh = false;
  }
  const p = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const Hy = new Float64Array(n);
  const ls = new StrongWolfe(n);
  const step = opts.initialStep ?? 1;

  let k = 0;
  let gnorm = normInf(g);
  let stop: StopReason | undefined;
  for (;;) {
    if ((stop = term.before(gnorm, k))) break;
    // p = −H g
    for (let i = 0; i < n; i++) {
      let t = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) t += H[row + j]! * g[j]!;
      p[i] = -t;
    }
    if (!(dot(p, g) < 0)) {
      resetH();
      fresh = true;
      for (let i = 0; i < n; i++) p[i] = -g[i]!;
    }
    // first trial: length firstStepLength when given (H₀ = I), else at most `initialStep`
    const alpha0 = fresh && k === 0 && opts.firstStepLength !== undefined ? opts.firstStepLength / norm2(p) : fresh ? Math.min(1, step / norm2(p)) : 1;
    const r = ls.search(ev, x, f, g, p, alpha0, { c1: 1e-4, c2: 0.9 });
    if (r.status === 'failed') {
      if ((stop = term.exhausted())) break;
      if (!fresh) {
        resetH();
        fresh = true;
        continue;
      }
      stop = { converged: false, message: 'line search failed' };
      break;
    }
    // s = x⁺ − x, y = g⁺ − g
    for (let i = 0; i < n; i++) {
      s[i] = ls.x[i]! - x[i]!;
      y[i] = ls.g[i]! - g[i]!;
    }
    const fOld = f;
    const stepSmall = smallStep(x, ls.x, opts.xtol);
    x.set(ls.x);
    g.set(ls.g);
    f = r.f;
    k++;
    const sy = dot(s, y);
    const yy = dot(y, y);
    if (sy > 1e-10 * Math.sqrt(dot(s, s) * yy)) {
      if (fresh) {
        // H₀ = (yᵀs / yᵀy) I   (6.20)
        const gamma = sy / yy;
        for (let i = 0; i < n; i++) H[i * n + i] = gamma;
        fresh = false;
      }
      // H⁺ = H − ρ(Hy sᵀ + s (Hy)ᵀ) + (ρ + ρ² yᵀHy) s sᵀ
      const rho = 1 / sy;
      let yHy = 0;
      for (let i = 0; i < n; i++) {
        let t = 0;
        const row = i * n;
        for (let j = 0; j < n; j++) t += H[row + j]! * y[j]!;
        Hy[i] = t;
        yHy += y[i]! * t;
      }
      const c = rho + rho * rho * yHy;
      for (let i = 0; i < n; i++) {
        const row = i * n;
        const si = s[i]!;
        const hi = Hy[i]!;
        for (let j = 0; j < n; j++) {
          H[row + j] = H[row + j]! + c * si * s[j]! - rho * (hi * s[j]! + si * Hy[j]!);
        }
      }
    }
    gnorm = normInf(g);
    progress.step(k, ev.fev, x, f, gnorm);
    if (gnorm > opts.gtol && opts.stepTol > 0 && !fresh && newtonStepSmall(H, g, x, opts.stepTol, Hy)) {
      stop = { converged: true, message: 'quasi-Newton step below stepTol' };
      break;
    }
    if ((stop = term.after(gnorm, fOld, f, stepSmall))) break;
  }
  return term.result(x, f, g, k, stop, H);
}
