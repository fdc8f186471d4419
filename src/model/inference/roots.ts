/**
 * Brent's root finder (R. P. Brent, "Algorithms for Minimization without
 * Derivatives", 1973, ch. 4): inverse quadratic interpolation / secant steps
 * safeguarded by bisection, on a bracket [a, b] with f(a)·f(b) ≤ 0.
 * `fa`, `fb` are f(a), f(b) when already known. Returns the root estimate
 * (within `xtol`) or NaN when the interval does not bracket a sign change.
 *
 * @example
 * ```ts
 * brentRoot((x) => x * x - 2, 0, 2); // 1.41421356...
 * ```
 */
export function brentRoot(f: (x: number) => number, a: number, b: number, opts: { xtol?: number; maxiter?: number; fa?: number; fb?: number } = {}): number {
  const xtol = opts.xtol ?? 1e-10;
  const maxiter = opts.maxiter ?? 100;
  let fa = opts.fa ?? f(a);
  let fb = opts.fb ?? f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (!(fa * fb < 0)) return NaN;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let it = 0; it < maxiter; it++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * xtol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // interpolation step
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}
