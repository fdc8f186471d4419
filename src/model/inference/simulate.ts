import { InvalidArgumentError } from '../../errors.js';
import { groupLayout, zRowEach } from '../design.js';
import { choleskyLower } from '../dense.js';
import type { MixedLM } from '../mixedlm.js';
import { MixedLMParams, vcFactor } from '../terms/params.js';

/**
 * Seeded uniform PRNG (mulberry32) on [0, 1).
 *
 * @example
 * ```ts
 * const u = mulberry32(1)();
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal generator (Box–Muller on mulberry32).
 *
 * @example
 * ```ts
 * const z = normalRng(7)();
 * ```
 */
export function normalRng(seed: number): () => number {
  const u = mulberry32(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u1 = u();
    while (u1 <= 0) u1 = u();
    const u2 = u();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
}

/**
 * Simulates responses from a mixed linear model at fixed parameters
 * (statsmodels' `_mixedlm_distribution`): packed (fe, tril(cov_re), vcomp) in
 * the profile scale, times `scale`.
 *
 * @example
 * ```ts
 * const y = model.getDistribution(res.params, res.scale).rvs(1);
 * ```
 */
export class MixedLMDistribution {
  readonly feParams: number[];
  readonly covRe: number[][];
  readonly vcomp: number[];

  constructor(readonly model: MixedLM, params: ArrayLike<number>, readonly scale: number, readonly exog: number[][]) {
    const expected = model.kFe + (model.kRe * (model.kRe + 1)) / 2 + model.kVc;
    if (params === null || typeof params !== 'object' || params.length !== expected) {
      throw new InvalidArgumentError('params', `expected ${expected} packed parameters (fe_params, lower triangle of cov_re/scale, vcomp/scale), got ${params?.length ?? typeof params}`);
    }
    const po = MixedLMParams.fromPacked(params, model.kFe, model.kRe, false, true, model.vcDims);
    this.feParams = po.feParams;
    this.covRe = po.covRe.map((r) => r.map((v) => v * scale));
    this.vcomp = po.vcomp.map((v) => v * scale);
    this.vcSd = vcFactor(this.vcomp, model.vcDims);
  }

  /** per component: √vcomp or the packed Cholesky factor of its block (data scale); null if not PSD */
  private readonly vcSd: Float64Array | null;

  /** One simulated response vector, reproducible from `seed`. */
  rvs(seed = 0): number[] {
    const m = this.model;
    const z = normalRng(seed);
    const y = m.predict(this.feParams, this.exog);
    const k = m.kRe;
    const L = k > 0 ? choleskyLower(this.covRe) : [];
    if (!L) throw new InvalidArgumentError('params', 'cov_re is not positive semidefinite: cannot draw random effects');
    const d = { n: m.nobs, p: m.kFe, kRe: k, kVc: m.vcDims.length, vcDims: m.vcDims, y: new Float64Array(0), X: new Float64Array(0), Zre: Float64Array.from((m.exogRe ?? []).flat()), vcMats: m.exogVc.mats, rows: m.rowIndices.map((r) => Int32Array.from(r)) };
    for (let g = 0; g < m.nGroups; g++) {
      const lay = groupLayout(d, g);
      const gam = new Float64Array(lay.q);
      const e = Array.from({ length: k }, () => z());
      for (let a = 0; a < k; a++) {
        let s = 0;
        for (let b = 0; b <= a; b++) s += L[a]![b]! * e[b]!;
        gam[a] = s;
      }
      const T = this.vcSd;
      if (!T) throw new InvalidArgumentError('params', 'a variance-component covariance is not positive semidefinite: cannot draw random effects');
      let o = 0;
      m.vcDims.forEach((dk, t) => {
        // γ = T e per level (d = 1: sd·e)
        for (let b0 = lay.starts[t]!; b0 < lay.starts[t]! + lay.sizes[t]!; b0 += dk) {
          const e = Array.from({ length: dk }, () => z());
          for (let a = 0; a < dk; a++) {
            let s = 0;
            for (let b = 0; b <= a; b++) s += T[o + (a * (a + 1)) / 2 + b]! * e[b]!;
            gam[b0 + a] = s;
          }
        }
        o += (dk * (dk + 1)) / 2;
      });
      const rows = m.rowIndices[g]!;
      for (let i = 0; i < rows.length; i++) {
        let s = 0;
        zRowEach(d, g, i, lay.starts, (j, v) => (s += v * gam[j]!));
        y[rows[i]!]! += s;
      }
    }
    const se = Math.sqrt(this.scale);
    for (let i = 0; i < y.length; i++) y[i]! += se * z();
    return y;
  }
}
