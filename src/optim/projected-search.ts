/**
 * Backtracking (Armijo) search along the projected path x(α) = P(x + α p)
 * for box constraints (Bertsekas, "Nonlinear Programming", §2.3 projection
 * arc; as in projected quasi-Newton methods):
 *
 *   f(x(α)) ≤ f(x) + c1 ∇f(x)ᵀ(x(α) − x).
 *
 * Backtracking steps come from the quadratic through f(x), the slope of the
 * linear model ∇fᵀ(x(α) − x)/α and f(x(α)), clamped to [0.1α, 0.5α]; after a
 * rejected point (non-finite f) α ← α/4.
 */
import type { Box } from './bounds.js';
import type { Evaluator } from './evaluator.js';
import { LineSearchBase, type LineSearchResult } from './line-search.js';

/**
 * Projected backtracking search with reusable workspaces (see
 * {@link LineSearchBase}: `x` and `g` after `search`).
 *
 * @example
 * ```ts
 * const ev = new Evaluator((x, g) => { g[0] = 2 * (x[0]! + 1); return (x[0]! + 1) ** 2; }, 50);
 * const box = makeBox(1, [0], undefined);
 * const ls = new ProjectedBacktracking(1);
 * ls.search(ev, new Float64Array([1]), 4, new Float64Array([4]), new Float64Array([-4]), 1, box);
 * // ls.x = [0] (on the bound), status 'armijo'
 * ```
 */
export class ProjectedBacktracking extends LineSearchBase {
  /** Searches from x0 (f0, g0) along P(x0 + α p) starting at α = alpha0. */
  search(
    ev: Evaluator,
    x0: Float64Array,
    f0: number,
    g0: Float64Array,
    p: Float64Array,
    alpha0: number,
    box: Box,
    opts: { c1?: number; maxEval?: number } = {},
  ): LineSearchResult {
    const c1 = opts.c1 ?? 1e-4;
    const maxEval = opts.maxEval ?? 30;
    const { x, g } = this;
    const { lower, upper } = box;
    const n = x0.length;
    const fevStart = ev.fev;
    let a = alpha0;
    for (;;) {
      if (ev.exhausted || ev.fev - fevStart >= maxEval || !(a > 0)) break;
      // x(α) = P(x0 + α p); pred = g0ᵀ(x(α) − x0); moved = ‖x(α) − x0‖∞
      let pred = 0;
      let moved = 0;
      let scale = 1;
      for (let i = 0; i < n; i++) {
        let v = x0[i]! + a * p[i]!;
        if (v < lower[i]!) v = lower[i]!;
        else if (v > upper[i]!) v = upper[i]!;
        x[i] = v;
        const s = v - x0[i]!;
        pred += g0[i]! * s;
        moved = Math.max(moved, Math.abs(s));
        scale = Math.max(scale, Math.abs(x0[i]!));
      }
      if (moved <= 1e-15 * scale) break;
      if (!(pred < 0)) {
        a *= 0.5; // projected path not (yet) descending at this α
        continue;
      }
      const f = ev.eval(x, g);
      if (f !== f) {
        a *= 0.25;
        continue;
      }
      if (f <= f0 + c1 * pred) {
        return { status: 'armijo', alpha: a, f, fev: ev.fev - fevStart };
      }
      // quadratic model q(t) = f0 + slope·t + c t², slope = pred/α
      const slope = pred / a;
      const c = (f - f0 - pred) / (a * a);
      let next = c > 0 ? -slope / (2 * c) : 0.5 * a;
      if (!(next >= 0.1 * a)) next = 0.1 * a;
      if (next > 0.5 * a) next = 0.5 * a;
      a = next;
    }
    x.set(x0);
    g.set(g0);
    return { status: 'failed', alpha: 0, f: f0, fev: ev.fev - fevStart };
  }
}
