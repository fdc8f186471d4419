/**
 * Student t and F tail probabilities from the regularized incomplete beta
 * function I_x(a, b) (continued fraction, modified Lentz; Press et al.,
 * Numerical Recipes §6.4).
 */
import { InvalidArgumentError } from '../../errors.js';
import { chi2Sf, logGamma, normalCdf } from './distributions.js';

const EPS = 1e-16;
const TINY = 1e-300;

/** Continued fraction of I_x(a, b), converging for x < (a + 1)/(a + b + 2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b), a, b > 0, 0 ≤ x ≤ 1.
 *
 * @example
 * ```ts
 * incompleteBeta(0.5, 2, 2); // 0.5
 * ```
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (!(a > 0) || !(b > 0)) throw new InvalidArgumentError('a, b', `beta parameters must be > 0, got ${a}, ${b}`);
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lbt) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lbt) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * Two-sided p-value P(|T| ≥ |t|) for T ~ t(df); df = Infinity gives the normal test.
 *
 * @example
 * ```ts
 * tTwoSided(2.0, 10); // 0.07338803...
 * ```
 */
export function tTwoSided(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return NaN;
  if (!(df > 0)) throw new InvalidArgumentError('df', `degrees of freedom must be > 0, got ${df}`);
  if (df === Infinity) return 2 * normalCdf(-Math.abs(t));
  if (!Number.isFinite(t)) return 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * Upper tail P(F ≥ f) for F ~ F(df1, df2); df2 = Infinity gives χ²(df1)/df1.
 *
 * @example
 * ```ts
 * fSf(3.0, 2, 20); // 0.07255...
 * ```
 */
export function fSf(f: number, df1: number, df2: number): number {
  if (Number.isNaN(f) || Number.isNaN(df1) || Number.isNaN(df2)) return NaN;
  if (!(df1 > 0) || !(df2 > 0)) throw new InvalidArgumentError('df', `degrees of freedom must be > 0, got ${df1}, ${df2}`);
  if (f <= 0) return 1;
  if (df2 === Infinity) {
    // χ²(df1)/df1 limit
    return chi2Sf(df1 * f, df1);
  }
  return incompleteBeta(df2 / (df2 + df1 * f), df2 / 2, df1 / 2);
}
