// The model's input checks on the fixed effects (model/prepare.ts, one pivoted Cholesky of the scaled XᵀX):
// a column that is a combination of earlier ones, or all zeros, is named; a response reproduced exactly by
// the fixed effects is refused; full-rank designs pass.
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { MixedLM } from '../../src/model/index.js';
import { checkRank } from '../../src/model/prepare.js';

const n = 12;
const g = Array.from({ length: n }, (_, i) => i % 3);
const x = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
const z = Array.from({ length: n }, (_, i) => Math.cos(2 * i));
const y = x.map((v, i) => 1 + v + 0.3 * z[i]! + (g[i]! - 1) * 0.5 + Math.sin(7 * i) * 0.2);

function refused(X: number[][], names: string[], yy = y): DataError {
  try {
    new MixedLM(yy, X, g, { exogNames: names });
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('fixed-effects rank checks', () => {
  it('names the first collinear column and the kept columns before it', () => {
    const e = refused(x.map((v, i) => [1, v, z[i]!, 2 * v - 3]), ['const', 'x', 'z', 'x2']);
    expect(e.message).toBe("exog is rank deficient: column 'x2' is collinear with columns 'const', 'x', 'z'");
    expect(e.column).toBe('x2');
    const e2 = refused(x.map((v, i) => [1, v, 5, z[i]!]), ['const', 'x', 'five', 'z']);
    expect(e2.message).toBe("exog is rank deficient: column 'five' is collinear with columns 'const', 'x'");
    expect(() => checkRank(x.map((v, i) => [1, v, z[i]!, v + z[i]!]), ['a', 'b', 'c', 'd'])).toThrow(/'d' is collinear with columns 'a', 'b', 'c'/);
  });

  it('names an all-zero column', () => {
    const e = refused(x.map((v) => [1, 0, v]), ['const', 'zero', 'x']);
    expect(e.message).toBe("exog is rank deficient: column 'zero' is all zeros");
  });

  it('refuses a response the fixed effects reproduce exactly, and fits a full-rank design', () => {
    const exact = x.map((v, i) => 2 + 3 * v - z[i]!);
    const e = refused(x.map((v, i) => [1, v, z[i]!]), ['const', 'x', 'z'], exact);
    expect(e.message).toMatch(/reproduced exactly by the fixed effects/);
    const r = new MixedLM(y, x.map((v, i) => [1, v, z[i]!]), g).fit();
    expect(r.feParams).toHaveLength(3);
    expect(Number.isFinite(r.llf)).toBe(true);
  });
});
