/**
 * Penalties for `fit({ fePen, covPen })`, with statsmodels' semantics: the
 * log-likelihood is reduced by `func`, the score by `deriv`.
 *
 * @example
 * ```ts
 * const res = model.fit({ fePen: new L2Penalty(0.5) });
 * ```
 */
export interface Penalty {
  /** Penalty value at the fixed-effects parameters. */
  func(params: ArrayLike<number>): number;
  /** Its gradient. */
  deriv(params: ArrayLike<number>): number[];
}

/** A penalty on the random-effects covariance matrix (profile scale). */
export interface CovariancePenalty {
  /** Penalty value; `matInv` is null when `mat` is singular. */
  func(mat: number[][], matInv: number[][] | null): number;
  /** Gradient with respect to the lower triangle of `mat` (row-major tril order). */
  deriv(mat: number[][], matInv: number[][] | null): number[];
}

function weight(w: number | ArrayLike<number>, i: number): number {
  return typeof w === 'number' ? w : (w[i] ?? 0);
}

/**
 * Σ wᵢ βᵢ² (statsmodels' `L2`), scaled by `alpha`.
 *
 * @example
 * ```ts
 * new L2Penalty(1).func([1, 2]); // 5
 * ```
 */
export class L2Penalty implements Penalty {
  constructor(readonly weights: number | ArrayLike<number> = 1, public alpha = 1) {}
  func(params: ArrayLike<number>): number {
    let s = 0;
    for (let i = 0; i < params.length; i++) s += weight(this.weights, i) * params[i]! ** 2;
    return this.alpha * s;
  }
  deriv(params: ArrayLike<number>): number[] {
    return Array.from(params, (b, i) => this.alpha * 2 * weight(this.weights, i) * b);
  }
}

/**
 * Pseudo-Huber Σ wᵢ δ²(√(1 + (βᵢ/δ)²) − 1), a smooth L1 surrogate (statsmodels' `PseudoHuber`).
 *
 * @example
 * ```ts
 * new PseudoHuberPenalty(0.1).func([1]);
 * ```
 */
export class PseudoHuberPenalty implements Penalty {
  constructor(readonly dlt: number, readonly weights: number | ArrayLike<number> = 1, public alpha = 1) {}
  func(params: ArrayLike<number>): number {
    let s = 0;
    const d = this.dlt;
    for (let i = 0; i < params.length; i++) s += weight(this.weights, i) * d * d * (Math.sqrt(1 + (params[i]! / d) ** 2) - 1);
    return this.alpha * s;
  }
  deriv(params: ArrayLike<number>): number[] {
    const d = this.dlt;
    return Array.from(params, (b, i) => (this.alpha * weight(this.weights, i) * b) / Math.sqrt(1 + (b / d) ** 2));
  }
}

/**
 * −2w Σ log diag(chol(Ψ)) = −w log|Ψ| (statsmodels' `PSD`): keeps the covariance
 * away from singularity.
 *
 * @example
 * ```ts
 * new PSDPenalty(1).func([[2]], [[0.5]]); // -log 2
 * ```
 */
export class PSDPenalty implements CovariancePenalty {
  constructor(readonly weight: number) {}
  func(mat: number[][]): number {
    const n = mat.length;
    const l = mat.map((r) => r.slice());
    let s = 0;
    for (let j = 0; j < n; j++) {
      let d = l[j]![j]!;
      for (let k = 0; k < j; k++) d -= l[j]![k]! ** 2;
      if (!(d > 0)) return Infinity;
      d = Math.sqrt(d);
      l[j]![j] = d;
      for (let i = j + 1; i < n; i++) {
        let t = l[i]![j]!;
        for (let k = 0; k < j; k++) t -= l[i]![k]! * l[j]![k]!;
        l[i]![j] = t / d;
      }
      s += Math.log(d);
    }
    return -2 * this.weight * s;
  }
  deriv(mat: number[][], matInv: number[][] | null): number[] {
    const n = mat.length;
    const out: number[] = [];
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        const v = matInv ? matInv[i]![j]! : NaN;
        out.push(-this.weight * (i === j ? v : 2 * v));
      }
    return out;
  }
}
