import { DimensionMismatchError, InvalidArgumentError } from '../../errors.js';
import { choleskyLower } from '../dense.js';

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

  /**
   * Columns per level of each variance component (all 1 for statsmodels'
   * components). `vcomp` packs, per component, the lower triangle of its
   * d × d covariance / scale, so `kVc` = Σ d(d+1)/2.
   */
  readonly vcDims: number[];

  constructor(readonly kFe: number, readonly kRe: number, readonly kVc: number, vcDims?: ArrayLike<number>) {
    this.kRe2 = (kRe * (kRe + 1)) / 2;
    this.kTot = kFe + this.kRe2 + kVc;
    this.vcDims = vcDims ? Array.from(vcDims) : new Array<number>(kVc).fill(1);
    let nv = 0;
    for (const d of this.vcDims) nv += (d * (d + 1)) / 2;
    if (nv !== kVc) throw new DimensionMismatchError('vcDims', `components with ${kVc} covariance parameters`, `${nv}`);
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
  static fromPacked(params: ArrayLike<number>, kFe: number, kRe: number, useSqrt: boolean, hasFe: boolean, vcDims?: ArrayLike<number>): MixedLMParams {
    const kRe2 = (kRe * (kRe + 1)) / 2;
    const kVc = params.length - kRe2 - (hasFe ? kFe : 0);
    if (kVc < 0) throw new DimensionMismatchError('packed params', `at least ${kRe2 + (hasFe ? kFe : 0)}`, String(params.length));
    const pa = new MixedLMParams(kFe, kRe, kVc, vcDims);
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
    let t = 0;
    for (const d of pa.vcDims) {
      // block k: tril(T) (useSqrt) or tril(Σ), row-major; Σ = TTᵀ
      for (const [i, j] of trilIndices(d)) {
        let v = params[o + t + (i * (i + 1)) / 2 + j]!;
        if (useSqrt) {
          v = 0;
          for (let c = 0; c <= j; c++) v += params[o + t + (i * (i + 1)) / 2 + c]! * params[o + t + (j * (j + 1)) / 2 + c]!;
        }
        pa.vcomp[t + (i * (i + 1)) / 2 + j] = v;
      }
      t += (d * (d + 1)) / 2;
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
  static fromComponents(c: { feParams?: ArrayLike<number>; covRe?: number[][]; covReSqrt?: number[][]; vcomp?: ArrayLike<number>; vcDims?: ArrayLike<number> }): MixedLMParams {
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
    const pa = new MixedLMParams(fe.length, cov.length, vc.length, c.vcDims);
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
    const o = new MixedLMParams(this.kFe, this.kRe, this.kVc, this.vcDims);
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
    let t = 0;
    for (const [k, d] of this.vcDims.entries()) {
      const nd = (d * (d + 1)) / 2;
      if (d === 1) out.push(useSqrt ? Math.sqrt(this.vcomp[t]!) : this.vcomp[t]!);
      else {
        const block = this.vcBlock(k);
        const m = useSqrt ? choleskyLower(block) : block;
        if (!m) throw new InvalidArgumentError(`vcomp block ${k}`, 'not positive semi-definite, no Cholesky square root');
        for (const [i, j] of trilIndices(d)) out.push(m[i]![j]!);
      }
      t += nd;
    }
    return out;
  }

  /**
   * The d × d covariance / scale of variance component k (d = 1: `[[vcomp[k]]]`).
   *
   * @example
   * ```ts
   * MixedLMParams.fromComponents({ vcomp: [1, 0.5, 2], vcDims: [2] }).vcBlock(0); // [[1, 0.5], [0.5, 2]]
   * ```
   */
  vcBlock(k: number): number[][] {
    let t = 0;
    for (let c = 0; c < k; c++) t += (this.vcDims[c]! * (this.vcDims[c]! + 1)) / 2;
    const d = this.vcDims[k]!;
    const m = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const [i, j] of trilIndices(d)) {
      const v = this.vcomp[t + (i * (i + 1)) / 2 + j]!;
      m[i]![j] = v;
      m[j]![i] = v;
    }
    return m;
  }
}

/**
 * Λ's parameters from ψ = vcomp/scale: per component √ψ (d = 1) or the packed
 * lower Cholesky factor of its d × d block. Null when a block is not positive
 * semidefinite (or a variance is negative).
 *
 * @example
 * ```ts
 * vcFactor([4, 1, 2], [1, 1, 1]); // Float64Array [2, 1, √2]
 * vcFactor([1, 0.5, 1], [2]);                                        // packed chol [[1, 0.5], [0.5, 1]]
 * ```
 */
export function vcFactor(vcomp: ArrayLike<number>, dims: readonly number[]): Float64Array | null {
  const out = new Float64Array(vcomp.length);
  let o = 0;
  for (const d of dims) {
    if (d === 1) {
      const v = vcomp[o]!;
      if (!(v >= 0)) return null;
      out[o++] = Math.sqrt(v);
      continue;
    }
    const b = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const [i, j] of trilIndices(d)) {
      const v = vcomp[o + (i * (i + 1)) / 2 + j]!;
      b[i]![j] = v;
      b[j]![i] = v;
    }
    const l = choleskyLower(b);
    if (!l) return null;
    for (const [i, j] of trilIndices(d)) out[o++] = l[i]![j]!;
  }
  return out;
}

/**
 * Which packed vc parameters are variances (diagonal entries of their block).
 *
 * @example
 * ```ts
 * vcVarianceMask([2, 1]); // [true, false, true, true]
 * ```
 */
export function vcVarianceMask(dims: readonly number[]): boolean[] {
  return dims.flatMap((d) => trilIndices(d).map(([i, j]) => i === j));
}
