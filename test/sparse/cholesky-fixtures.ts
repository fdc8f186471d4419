/**
 * Structured SPD test matrices for the Cholesky / AMD / selected-inverse tests.
 *
 * @example
 * ```ts
 * const A = laplacian2d(10);
 * ```
 */
import { CscMatrix } from '../../src/sparse/csc.js';

/** 2-D 5-point Laplacian on a k×k grid (+ shift on the diagonal). */
export function laplacian2d(k: number, shift = 0): CscMatrix {
  const n = k * k;
  const cp = new Int32Array(n + 1);
  const ri: number[] = [];
  const vs: number[] = [];
  for (let x = 0; x < k; x++) {
    for (let y = 0; y < k; y++) {
      const j = x * k + y;
      const nb: Array<[number, number]> = [];
      if (x > 0) nb.push([j - k, -1]);
      if (y > 0) nb.push([j - 1, -1]);
      nb.push([j, 4 + shift]);
      if (y < k - 1) nb.push([j + 1, -1]);
      if (x < k - 1) nb.push([j + k, -1]);
      for (const [i, v] of nb) {
        ri.push(i);
        vs.push(v);
      }
      cp[j + 1] = ri.length;
    }
  }
  return new CscMatrix(n, n, cp, Int32Array.from(ri), Float64Array.from(vs));
}

/** M = I + Λ ZᵀZ Λ for random indicator factors (a crossed design), dense rows. */
export function crossedDesign(rng: () => number, nobs: number, levels: number[], lambdas: number[]): number[][] {
  const q = levels.reduce((a, b) => a + b, 0);
  const M = Array.from({ length: q }, () => new Array<number>(q).fill(0));
  const offs: number[] = [];
  let o = 0;
  for (const l of levels) {
    offs.push(o);
    o += l;
  }
  for (let r = 0; r < nobs; r++) {
    const cols = levels.map((l, f) => offs[f]! + Math.min(l - 1, Math.floor(rng() * l)));
    const lam = levels.map((_, f) => lambdas[f]!);
    for (let a = 0; a < cols.length; a++) {
      for (let b = 0; b < cols.length; b++) M[cols[a]!]![cols[b]!]! += lam[a]! * lam[b]!;
    }
  }
  for (let i = 0; i < q; i++) M[i]![i]! += 1;
  return M;
}

