/**
 * L-BFGS (Nocedal & Wright, Algorithm 7.5 with the two-loop recursion,
 * Algorithm 7.4) with optional box constraints by a projected active-set
 * variant (not the full Byrd–Lu–Nocedal–Zhu generalized Cauchy point):
 *
 * 1. Binding set B: variables at a bound whose gradient points out of the box
 *    (x_i = l_i, g_i > 0 or x_i = u_i, g_i < 0). Stationarity is measured by
 *    the projected gradient ‖P(x − g) − x‖∞ (as L-BFGS-B).
 * 2. Direction: the two-loop recursion restricted to the free variables F
 *    (all inner products over F, pairs with s_Fᵀy_F ≤ 1e-10 y_Fᵀy_F skipped,
 *    H₀ = γI with γ = s_Fᵀy_F / y_Fᵀy_F from the newest usable pair, eq. 7.20);
 *    d_B = 0. A free variable sitting on a bound with d pointing outward is
 *    moved to B and d recomputed. If d is not a descent direction the memory
 *    is cleared and d = −g_F.
 * 3. Step: if the trial step α₀ (1, or length `initialStep` after a reset)
 *    stays in the box, the strong Wolfe search (c1 = 1e-4, c2 = 0.9) capped at
 *    the step to the nearest bound; otherwise Armijo backtracking along the
 *    projected path P(x + α d), which can activate several bounds at once.
 * 4. Memory: (s, y) stored when sᵀy > 1e-10 yᵀy (always, after a Wolfe step).
 *
 * Stops on the projected-gradient test (gtol), the relative decrease
 * (f_k − f_{k+1}) ≤ ftol·max(|f_k|, |f_{k+1}|, 1) (scipy's factr·eps), xtol,
 * maxiter or maxfev. x0 outside the box is projected onto it first.
 */
import { type Box, project, projectedGradientNorm } from './bounds.js';
import { type ResolvedOptions, type StopReason, Termination, smallStep, startRun } from './common.js';
import { type LineSearchResult, StrongWolfe } from './line-search.js';
import { ProjectedBacktracking } from './projected-search.js';
import type { MinimizeResult, ObjectiveWithGradient } from './types.js';
import { dot, norm2 } from './vector.js';

/**
 * L-BFGS history: the last m pairs (s, y) in a ring buffer, with the two-loop
 * product d = −H g restricted to a set of free variables.
 *
 * @example
 * ```ts
 * const mem = new LbfgsMemory(2, 5);
 * mem.push(new Float64Array([1, 0]), new Float64Array([2, 0]));
 * const d = new Float64Array(2);
 * mem.direction(new Float64Array([4, 1]), new Uint8Array([1, 1]), d); // d = −[2, 0.5] (H₀ = ½I)
 * ```
 */
export class LbfgsMemory {
  private readonly S: Float64Array[] = [];
  private readonly Y: Float64Array[] = [];
  private head = 0; // index of the next slot
  private count = 0;
  private readonly alpha: Float64Array;
  private readonly rho: Float64Array;

  constructor(private readonly n: number, private readonly m: number) {
    for (let i = 0; i < m; i++) {
      this.S.push(new Float64Array(n));
      this.Y.push(new Float64Array(n));
    }
    this.alpha = new Float64Array(m);
    this.rho = new Float64Array(m);
  }

  /** Number of stored pairs. */
  get size(): number {
    return this.count;
  }

  /** Forgets all pairs. */
  clear(): void {
    this.count = 0;
    this.head = 0;
  }

  /** Stores (s, y), overwriting the oldest pair when full. */
  push(s: Float64Array, y: Float64Array): void {
    this.S[this.head]!.set(s);
    this.Y[this.head]!.set(y);
    this.head = (this.head + 1) % this.m;
    if (this.count < this.m) this.count++;
  }

  /**
   * d = −H g over the free variables (free[i] = 1), d_i = 0 elsewhere
   * (two-loop recursion, N&W Alg. 7.4). Returns false when no usable pair
   * exists (then d = −g_F).
   */
  direction(g: Float64Array, free: Uint8Array, d: Float64Array): boolean {
    const { n, m, alpha, rho } = this;
    // q = g_F (stored in d)
    for (let i = 0; i < n; i++) d[i] = free[i] ? g[i]! : 0;
    let gamma = 0;
    // first loop: newest → oldest
    for (let j = 0; j < this.count; j++) {
      const slot = (this.head - 1 - j + 2 * m) % m;
      const s = this.S[slot]!;
      const y = this.Y[slot]!;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        if (!free[i]) continue;
        sy += s[i]! * y[i]!;
        yy += y[i]! * y[i]!;
      }
      if (!(sy > 1e-10 * yy && yy > 0)) {
        rho[slot] = 0;
        continue;
      }
      if (gamma === 0) gamma = sy / yy;
      const r = 1 / sy;
      rho[slot] = r;
      let a = 0;
      for (let i = 0; i < n; i++) a += s[i]! * d[i]!; // d_B = 0
      a *= r;
      alpha[slot] = a;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = d[i]! - a * y[i]!;
    }
    const usable = gamma > 0;
    const g0 = usable ? gamma : 1;
    // r = γ q
    for (let i = 0; i < n; i++) d[i] = g0 * d[i]!;
    // second loop: oldest → newest
    for (let j = this.count - 1; j >= 0; j--) {
      const slot = (this.head - 1 - j + 2 * m) % m;
      const r = rho[slot]!;
      if (r === 0) continue;
      const s = this.S[slot]!;
      const y = this.Y[slot]!;
      let b = 0;
      for (let i = 0; i < n; i++) b += y[i]! * d[i]!; // d_B = 0
      b *= r;
      const c = alpha[slot]! - b;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = d[i]! + c * s[i]!;
    }
    for (let i = 0; i < n; i++) d[i] = -d[i]!;
    return usable;
  }
}

/**
 * Minimizes fg from x0 by L-BFGS, honouring `box` (see the module comment).
 * Prefer `minimize(fg, x0, { method: 'lbfgs', lower, upper })`.
 *
 * @example
 * ```ts
 * const r = lbfgs((x, g) => { g[0] = 2 * (x[0]! + 1); return (x[0]! + 1) ** 2; },
 *                 new Float64Array([2]), resolveOptions('lbfgs', 1, {}), makeBox(1, [0], undefined));
 * // r.x = [0] (on the bound)
 * ```
 */
export function lbfgs(
  fg: ObjectiveWithGradient,
  x0: Float64Array,
  opts: ResolvedOptions,
  box: Box,
): MinimizeResult {
  const n = x0.length;
  const { ev, progress, x, g, f: f0 } = startRun(fg, x0, opts, (x) => project(x, box));
  let f = f0;

  const { lower, upper } = box;
  const mem = new LbfgsMemory(n, opts.memory);
  const free = new Uint8Array(n);
  const d = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const wolfe = new StrongWolfe(n);
  const proj = new ProjectedBacktracking(n);
  const step = opts.initialStep ?? 1;
  // binding set B (free[i] = 0): at a bound with −g pointing outward
  const setFree = (): void => {
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      free[i] = (x[i]! <= lower[i]! && gi > 0) || (x[i]! >= upper[i]! && gi < 0) ? 0 : 1;
    }
  };
  const term = new Termination(opts, ev, progress, box.active ? 'projected gradient norm below gtol' : 'gradient norm below gtol');

  let k = 0;
  let gnorm = projectedGradientNorm(x, g, box);
  let stop: StopReason | undefined;
  for (;;) {
    if ((stop = term.before(gnorm, k))) break;
    setFree();
    let usable = mem.direction(g, free, d);
    for (let pass = 0; pass < n && box.active; pass++) {
      let changed = false;
      for (let i = 0; i < n; i++) {
        if (free[i] && ((x[i]! <= lower[i]! && d[i]! < 0) || (x[i]! >= upper[i]! && d[i]! > 0))) {
          free[i] = 0;
          changed = true;
        }
      }
      if (!changed) break;
      usable = mem.direction(g, free, d);
    }
    if (!(dot(g, d) < 0)) {
      mem.clear();
      setFree();
      usable = mem.direction(g, free, d); // d = −g_F
    }
    const alpha0 = usable ? 1 : Math.min(1, step / norm2(d));
    // largest step keeping x + α d in the box
    let alphaFeas = Infinity;
    if (box.active) {
      for (let i = 0; i < n; i++) {
        const di = d[i]!;
        if (di < 0) alphaFeas = Math.min(alphaFeas, (lower[i]! - x[i]!) / di);
        else if (di > 0) alphaFeas = Math.min(alphaFeas, (upper[i]! - x[i]!) / di);
      }
    }
    let r: LineSearchResult;
    let xNew: Float64Array;
    let gNew: Float64Array;
    if (alphaFeas >= alpha0) {
      r = wolfe.search(ev, x, f, g, d, alpha0, {
        c1: 1e-4,
        c2: 0.9,
        alphaMax: alphaFeas,
        ...(box.active ? { box } : {}),
      });
      xNew = wolfe.x;
      gNew = wolfe.g;
    } else {
      r = proj.search(ev, x, f, g, d, alpha0, box, { c1: 1e-4, maxEval: 20 });
      xNew = proj.x;
      gNew = proj.g;
    }
    if (r.status === 'failed') {
      if ((stop = term.exhausted())) break;
      if (mem.size > 0) {
        mem.clear();
        continue;
      }
      stop = { converged: false, message: 'line search failed' };
      break;
    }
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const si = xNew[i]! - x[i]!;
      const yi = gNew[i]! - g[i]!;
      s[i] = si;
      y[i] = yi;
      sy += si * yi;
      yy += yi * yi;
    }
    if (sy > 1e-10 * yy && yy > 0) mem.push(s, y);
    const fOld = f;
    const stepSmall = smallStep(x, xNew, opts.xtol);
    x.set(xNew);
    g.set(gNew);
    f = r.f;
    k++;
    gnorm = projectedGradientNorm(x, g, box);
    progress.step(k, ev.fev, x, f, gnorm);
    if ((stop = term.after(gnorm, fOld, f, stepSmall))) break;
  }
  return term.result(x, f, g, k, stop);
}
