/**
 * Nonlinear conjugate gradients, Polak–Ribière+ (Nocedal & Wright §5.2,
 * eqs. 5.44–5.45) with the strong Wolfe line search (c1 = 1e-4, c2 = 0.1):
 *
 *   β⁺ = max(0, g⁺ᵀ(g⁺ − g) / gᵀg);  p⁺ = −g⁺ + β⁺ p
 *
 * Restarts (p = −g) when β⁺ = 0, when successive gradients are far from
 * orthogonal (|g⁺ᵀg| ≥ 0.2‖g⁺‖², cf. eq. 5.52), or when p⁺ is not a descent
 * direction. Initial trial step: α₀ = 1.01·2(f_k − f_{k−1})/(g_kᵀp_k) (N&W
 * eq. 3.60); the first step has length `initialStep` (default 1). A failed
 * line search from a conjugate direction is retried once along −g.
 */
import { type ResolvedOptions, type StopReason, Termination, smallStep, startRun } from './common.js';
import { StrongWolfe } from './line-search.js';
import type { MinimizeResult, ObjectiveWithGradient } from './types.js';
import { dot, norm2, normInf } from './vector.js';

/**
 * Minimizes fg from x0 by PR+ conjugate gradients. Prefer
 * `minimize(fg, x0, { method: 'cg' })`.
 *
 * @example
 * ```ts
 * const r = cg((x, g) => { g[0] = 2 * (x[0]! - 3); return (x[0]! - 3) ** 2; },
 *              new Float64Array([0]), resolveOptions('cg', 1, {}));
 * // r.x ≈ [3]
 * ```
 */
export function cg(fg: ObjectiveWithGradient, x0: Float64Array, opts: ResolvedOptions): MinimizeResult {
  const n = x0.length;
  const { ev, progress, x, g, f: f0 } = startRun(fg, x0, opts);
  const term = new Termination(opts, ev, progress);
  let f = f0;

  const p = new Float64Array(n);
  const ls = new StrongWolfe(n);
  const step = opts.initialStep ?? 1;
  for (let i = 0; i < n; i++) p[i] = -g[i]!;
  let steepest = true;
  let alpha0 = Math.min(1, step / norm2(p));

  let k = 0;
  let gnorm = normInf(g);
  let stop: StopReason | undefined;
  for (;;) {
    if ((stop = term.before(gnorm, k))) break;
    const r = ls.search(ev, x, f, g, p, alpha0, { c1: 1e-4, c2: 0.1 });
    if (r.status === 'failed') {
      if ((stop = term.exhausted())) break;
      if (!steepest) {
        for (let i = 0; i < n; i++) p[i] = -g[i]!;
        steepest = true;
        alpha0 = Math.min(1, step / norm2(p));
        continue;
      }
      stop = { converged: false, message: 'line search failed' };
      break;
    }
    const fOld = f;
    const stepSmall = smallStep(x, ls.x, opts.xtol);
    // β⁺ = max(0, g⁺ᵀ(g⁺ − g)/gᵀg), with Powell's restart test
    const gg = dot(g, g);
    const gNew = ls.g;
    const gNewgNew = dot(gNew, gNew);
    const gNewg = dot(gNew, g);
    let beta = Math.max(0, (gNewgNew - gNewg) / gg);
    if (Math.abs(gNewg) >= 0.2 * gNewgNew) beta = 0;
    x.set(ls.x);
    g.set(gNew);
    f = r.f;
    k++;
    for (let i = 0; i < n; i++) p[i] = -g[i]! + beta * p[i]!;
    steepest = beta === 0;
    let gpNew = dot(g, p);
    if (!(gpNew < 0)) {
      for (let i = 0; i < n; i++) p[i] = -g[i]!;
      steepest = true;
      gpNew = -gNewgNew;
    }
    // α₀ = 1.01·2(f_k − f_{k−1})/φ'(0)   (3.60, quadratic interpolation)
    alpha0 = (1.01 * 2 * (f - fOld)) / gpNew;
    if (!(alpha0 > 0 && Number.isFinite(alpha0))) alpha0 = Math.min(1, step / norm2(p));
    gnorm = normInf(g);
    progress.step(k, ev.fev, x, f, gnorm);
    if ((stop = term.after(gnorm, fOld, f, stepSmall))) break;
  }
  return term.result(x, f, g, k, stop);
}
