import { InvalidArgumentError } from '../../errors.js';
import { refitML } from './compare.js';
import { normalQuantile } from './distributions.js';
import { intervalEstimates } from './estimates.js';
import { ProfileEngine } from './profile.js';
import { profileRowTarget } from './profile-target.js';
import type { MixedLMResults } from '../results.js';
import { brentRoot } from './roots.js';

/**
 * Options of {@link profileTrace}.
 *
 * @example
 * ```ts
 * const o: ProfileTraceOptions = { level: 0.9, parm: ['Days'] };
 * ```
 */
export interface ProfileTraceOptions {
  /** Coverage of the interval marks (default 0.95). */
  level?: number;
  /** Profile criterion: 'ml' (default; REML fits are refitted by ML, as lme4's `profile`) or 'fit' (the fit's own). */
  criterion?: 'ml' | 'fit';
  /** Only these parameters (names as `intervalEstimates`: fixed effects, variance parameters, "Scale"); default all. */
  parm?: string[];
  /** Trace each side until |ζ| reaches this (default 2.576 = √χ²₁(0.99), lme4's `alphamax = 0.01`). */
  zetaMax?: number;
  /** At most this many profile points per side (default 20). */
  maxPoints?: number;
}

/**
 * One parameter's profile: points (value on the data scale, signed root ζ of
 * the likelihood-ratio statistic) in increasing value, and the interval
 * where |ζ| ≤ z_level.
 *
 * @example
 * ```ts
 * const p: ProfileTraceParam = trace.params[0]!; p.points.find((q) => q.zeta === 0);
 * ```
 */
export interface ProfileTraceParam {
  name: string;
  /** Estimate of the profiled fit (ζ = 0 there). */
  estimate: number;
  points: Array<{ value: number; zeta: number }>;
  lower: number;
  upper: number;
}

/**
 * Result of {@link profileTrace} (lme4's `profile(fit)`): one traced profile per parameter.
 *
 * @example
 * ```ts
 * const pr: ProfileResult = profileTrace(fit); pr.params.map((p) => [p.name, p.lower, p.upper]);
 * ```
 */
export interface ProfileResult {
  kind: 'profile';
  level: number;
  criterion: 'ml' | 'fit';
  /** Criterion of the profiled fit. */
  method: 'REML' | 'ML';
  params: ProfileTraceParam[];
}

/**
 * Traces the profile ζ(θ) = sign(θ − θ̂)·√(2(ℓ̂ − ℓ_p(θ))) of every fixed effect,
 * variance/covariance parameter (data scale) and the residual variance, as
 * lme4's `profile`: from the estimate, each side is stepped out with steps
 * adapted to about 0.4 in ζ (first step half a Wald standard error) until
 * |ζ| ≥ `zetaMax`, a variance reaches 0, or `maxPoints`. The interval bounds
 * {θ : |ζ| ≤ z} are then located by Brent's method inside the bracketing
 * points (as `profileIntervals`; a variance whose profile stays below z down
 * to 0 gets lower bound 0). Parameters held fixed by the fit have no points
 * and NaN bounds.
 *
 * @example
 * ```ts
 * const pr = profileTrace(fit, { level: 0.95 });
 * pr.params.find((p) => p.name === 'Days')!.upper;
 * ```
 */
export function profileTrace(fit: MixedLMResults, options: ProfileTraceOptions = {}): ProfileResult {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new InvalidArgumentError('level', `expected a number in (0, 1), got ${level}`);
  const criterion = options.criterion ?? 'ml';
  if (criterion !== 'ml' && criterion !== 'fit') throw new InvalidArgumentError('criterion', `expected 'ml' or 'fit', got '${String(criterion)}'`);
  const z = normalQuantile(0.5 + level / 2);
  const zetaMax = Math.max(options.zetaMax ?? 2.5758293035489, z + 0.1);
  const maxPoints = options.maxPoints ?? 20;
  if (!(Number.isInteger(maxPoints) && maxPoints >= 2)) throw new InvalidArgumentError('maxPoints', `expected an integer ≥ 2, got ${maxPoints}`);
  const r = criterion === 'ml' && fit.reml ? refitML(fit) : fit;
  const rows = intervalEstimates(r);
  if (options.parm) {
    const unknown = options.parm.filter((p) => !rows.some((row) => row.name === p));
    if (unknown.length > 0) throw new InvalidArgumentError('parm', `no parameter '${unknown[0]}' (parameters: ${rows.map((row) => row.name).join(', ')})`);
  }
  const eng = new ProfileEngine(r);
  const llMax = r.llf;
  const params: ProfileTraceParam[] = [];
  rows.forEach((row, i) => {
    if (options.parm && !options.parm.includes(row.name)) return;
    const est = row.estimate;
    const spec = profileRowTarget(r, eng, i, est);
    if (!spec) {
      params.push({ name: row.name, estimate: est, points: [], lower: NaN, upper: NaN });
      return;
    }
    const { target, step, variance, positive } = spec;
    const dev = (t: number, warm: Float64Array): { d: number; x: Float64Array } => {
      const pt = eng.at(target, t, warm);
      return { d: Math.max(0, 2 * (llMax - pt.llf)), x: pt.x };
    };
    const side = (dir: 1 | -1): { pts: Array<{ value: number; zeta: number; warm: Float64Array }>; bound: number } => {
      const pts: Array<{ value: number; zeta: number; warm: Float64Array }> = [];
      let warm = eng.start(target);
      let t = est;
      let zPrev = 0;
      let h = step / 2;
      let atZero = false;
      for (let it = 0; it < maxPoints; it++) {
        let tn = t + dir * h;
        if (dir < 0 && (variance || positive) && tn <= 0) {
          if (variance) {
            tn = 0;
            atZero = true;
          } else tn = t / 2;
        }
        const { d, x } = dev(tn, warm);
        warm = x;
        const zeta = dir * Math.sqrt(d);
        pts.push({ value: tn, zeta, warm: x });
        if (atZero || Math.abs(zeta) >= zetaMax) break;
        // next step aims at |Δζ| ≈ 0.4 from the local slope, within [h/2, 4h]
        const slope = (Math.abs(zeta) - Math.abs(zPrev)) / Math.abs(tn - t);
        const hn = slope > 0 ? 0.4 / slope : 4 * h;
        h = Math.min(4 * h, Math.max(h / 2, hn));
        zPrev = zeta;
        t = tn;
      }
      // bound: between the last point inside |ζ| < z and the first beyond it
      const k = pts.findIndex((p) => Math.abs(p.zeta) >= z);
      let bound: number;
      if (k < 0) bound = atZero ? 0 : dir * Infinity;
      else {
        const a = k === 0 ? { value: est, zeta: 0, warm: eng.start(target) } : pts[k - 1]!;
        const b = pts[k]!;
        let w = a.warm;
        const g = (v: number): number => {
          const { d, x } = dev(v, w);
          w = x;
          return d - z * z;
        };
        bound = brentRoot(g, a.value, b.value, { fa: a.zeta * a.zeta - z * z, fb: b.zeta * b.zeta - z * z, xtol: 1e-6 * step });
      }
      return { pts, bound };
    };
    const lo = side(-1);
    const hi = side(1);
    const points = [...lo.pts.reverse(), { value: est, zeta: 0 }, ...hi.pts].map((p) => ({ value: p.value, zeta: p.zeta }));
    params.push({ name: row.name, estimate: est, points, lower: lo.bound, upper: hi.bound });
  });
  return { kind: 'profile', level, criterion, method: r.method, params };
}
