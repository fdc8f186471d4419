import { describe, expect, it } from 'vitest';
import { assembleCrossProducts, type TermSums } from '../../src/engines/cross-products.js';
import { CscMatrix } from '../../src/sparse/csc.js';

describe('assembleCrossProducts: one term (no pairs) writes the block-diagonal ZᵀZ directly', () => {
  it('the same CSC (pattern with explicit zeros, values) as the triplet route, for k = 1, 2, 3', () => {
    let s = 7;
    const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const k of [1, 2, 3]) {
      const l = 5;
      const diag = Float64Array.from({ length: l * k * k }, () => (rnd() < 0.2 ? 0 : rnd()));
      const term: TermSums = {
        term: { label: '(x | g)', group: 'g', columns: Array.from({ length: k }, (_, j) => `c${j}`), levels: ['a', 'b', 'c', 'd', 'e'] },
        diag,
        zx: Float64Array.from({ length: l * k }, rnd),
        zy: Float64Array.from({ length: l * k }, rnd),
      };
      const cp = assembleCrossProducts({ n: 30, response: 'y', feNames: ['Intercept'], XtX: Float64Array.of(30), Xty: Float64Array.of(1), yty: 2, nDropped: 0, terms: [term], pairs: [] });
      const r: number[] = [];
      const c: number[] = [];
      const v: number[] = [];
      for (let g = 0; g < l; g++) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) (r.push(g * k + a), c.push(g * k + b), v.push(diag[(g * k + a) * k + b]!));
      const want = CscMatrix.fromTriplets(l * k, l * k, r, c, v);
      expect(Array.from(cp.ZtZ.colPtr)).toEqual(Array.from(want.colPtr));
      expect(Array.from(cp.ZtZ.rowIdx)).toEqual(Array.from(want.rowIdx));
      expect(Array.from(cp.ZtZ.values)).toEqual(Array.from(want.values)); // exact: the same numbers, moved
      expect(cp.ZtX).toBe(term.zx); // one term: taken over, not copied
      expect(cp.Zty).toBe(term.zy);
    }
  });
});
