import { DimensionMismatchError, InvalidArgumentError } from '../errors.js';
import { choleskyLower } from './dense.js';

/**
 * Lower-triangle (row-major, `np.tril_indices`) index pairs of a k×k matrix.
 *
 * @example
 * ```ts
 * trilIndices(2); // [[0, 0], [1, 0], [1, 1]]
 * ```
 */
export function trilIndices(k: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) out.push([i, j]);
  return out;
}

/**
 * A parameter state of a mixed linear model in the profile parameterization
 * (variance parameters divided by the scale), as statsmodels' `MixedLMParams`.
 *
 * @example
 * ```ts
 * const p = MixedLMParams.fromComponents({ feParams: [1, 2], covRe: [[1, 0], [0, 1]] });
 * p.getPacked(true, true); // [1, 2, 1, 0, 1]
 * ```
 */
export class MixedLMParams {
  readonly kRe2: number;
  readonly kTot: number;
  feParams: number[];
  covRe: number[][];
  vcomp: number[];

  constructor(readonly kFe: number, readonly kRe: number, readonly kVc: number) {
    this.kRe2 = (kRe * (kRe + 1)) / 2;
    this.kTot = kFe + this.kRe2 + kVc;
    this.feParams = new Array<number>(kFe).fill(0);
    this.covRe = Array.from({ length: kRe }, () => new Array<number>(kRe).fill(0));
    this.vcomp = new Array<number>(kVc).fill(0);
  }

  /**
   * Unpack a parameter vector: `[fe?, tril(cov_re or its Cholesky factor), vcomp or sqrt(vcomp)]`.
   *
   * @example
   * ```ts
   * MixedLMParams.fromPacked([0.8, 0.1, 0.2], 2, 2, true, false).covRe; // L Lᵀ
   * ```
   */
  static fromPacked(params: ArrayLike<number>, kFe: number, kRe: number, useSqrt: boolean, hasFe: boolean): MixedLMParams {
    const kRe2 = (kRe * (kRe + 1)) / 2;
    const kVc = params.length - kRe2 - (hasFe ? kFe : 0);
    if (kVc < 0) throw new DimensionMismatchError('packed params', `at least ${kRe2 + (hasFe ? kFe : 0)}`, String(params.length));
    const pa = new MixedLMParams(kFe, kRe, kVc);
    let o = 0;
    if (hasFe) {
      for (let i = 0; i < kFe; i++) pa.feParams[i] = params[o++]!;
    }
    const m: number[][] = Array.from({ length: kRe }, () => new Array<number>(kRe).fill(0));
    for (const [i, j] of trilIndices(kRe)) m[i]![j] = params[o++]!;
    if (useSqrt) {
      for (let i = 0; i < kRe; i++)
        for (let j = 0; j < kRe; j++) {
          let s = 0;
          for (let k = 0; k < kRe; k++) s += m[i]![k]! * m[j]![k]!;
          pa.covRe[i]![j] = s;
        }
    } else {
      for (let i = 0; i < kRe; i++)
        for (let j = 0; j <= i; j++) {
          pa.covRe[i]![j] = m[i]![j]!;
          pa.covRe[j]![i] = m[i]![j]!;
        }
    }
    for (let k = 0; k < kVc; k++) {
      const v = params[o++]!;
      pa.vcomp[k] = useSqrt ? v * v : v;
    }
    return pa;
  }

  /**
   * Build from components; `covReSqrt` (lower Cholesky factor) is an alternative to `covRe`.
   *
   * @example
   * ```ts
   * MixedLMParams.fromComponents({ feParams: [0], vcomp: [1, 2] });
   * ```
   */
  static fromComponents(c: { feParams?: ArrayLike<number>; covRe?: number[][]; covReSqrt?: number[][]; vcomp?: ArrayLike<number> }): MixedLMParams {
    const fe = Array.from(c.feParams ?? []);
    const vc = Array.from(c.vcomp ?? []);
    let cov: number[][];
    if (c.covReSqrt) {
      const l = c.covReSqrt;
      const k = l.length;
      cov = Array.from({ length: k }, (_, i) =>
        Array.from({ length: k }, (_, j) => {
          let s = 0;
          for (let t = 0; t < k; t++) s += (l[i]![t] ?? 0) * (l[j]![t] ?? 0);
          return s;
        }),
      );
    } else cov = (c.covRe ?? []).map((r) => Array.from(r));
    const pa = new MixedLMParams(fe.length, cov.length, vc.length);
    pa.feParams = fe;
    pa.covRe = cov;
    pa.vcomp = vc;
    return pa;
  }

  /**
   * Deep copy.
   *
   * @example
   * ```ts
   * const q = p.copy();
   * ```
   */
  copy(): MixedLMParams {
    const o = new MixedLMParams(this.kFe, this.kRe, this.kVc);
    o.feParams = this.feParams.slice();
    o.covRe = this.covRe.map((r) => r.slice());
    o.vcomp = this.vcomp.slice();
    return o;
  }

  /**
   * Pack into a vector (see `fromPacked`). With `useSqrt` the Cholesky factor of
   * `covRe` and the square roots of `vcomp` are stored.
   *
   * @example
   * ```ts
   * p.getPacked(false, true);
   * ```
   */
  getPacked(useSqrt: boolean, hasFe = false): number[] {
    const out: number[] = hasFe ? this.feParams.slice() : [];
    if (this.kRe > 0) {
      let m = this.covRe;
      if (useSqrt) {
        const l = choleskyLower(this.covRe);
        if (!l) throw new InvalidArgumentError('covRe', 'not positive semi-definite, no Cholesky square root');
        m = l;
      }
      for (const [i, j] of trilIndices(this.kRe)) out.push(m[i]![j]!);
    }
    for (const v of this.vcomp) out.push(useSqrt ? Math.sqrt(v) : v);
    return out;
  }
}
