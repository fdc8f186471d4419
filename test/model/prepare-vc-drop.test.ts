// Variance components with rows dropped for missing values (missing: 'drop'): the vc matrices are given per
// group over all input rows and cut to the kept rows (model/prepare.ts checkVc). The fit must equal the fit
// of the same data with those rows removed by hand (same code after the cut: llf and estimates to 1e-12).
import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../src/sparse/csr.js';
import { DataError, DimensionMismatchError } from '../../src/errors.js';
import { MixedLM } from '../../src/model/index.js';
import { mulberry32 } from './helpers.js';

/** 3 groups ('a', 'b', 'c') × 12 rows, two components: a dense 2-column block and a sparse 3-level indicator. */
function data(seed: number) {
  const rnd = mulberry32(seed);
  const n = 36;
  const groups = Array.from({ length: n }, (_, i) => ['b', 'a', 'c'][i % 3]!);
  const x = Array.from({ length: n }, () => rnd());
  const lev = Array.from({ length: n }, () => Math.floor(rnd() * 3));
  const y = x.map((xi, i) => 1 + xi + 0.8 * (lev[i]! - 1) + (groups[i] === 'a' ? 0.5 : -0.3) + (rnd() - 0.5));
  const z1 = Array.from({ length: n }, () => [rnd(), rnd()]);
  return { n, groups, x, lev, y, z1 };
}

/** exogVc for the rows `rows` (input order) of each group. */
function vcOf(d: ReturnType<typeof data>, rows: number[]) {
  const byGroup = new Map<string, number[]>();
  for (const i of rows) (byGroup.get(d.groups[i]!) ?? byGroup.set(d.groups[i]!, []).get(d.groups[i]!)!).push(i);
  const dense: Record<string, number[][]> = {};
  const sparse: Record<string, CsrMatrix> = {};
  for (const [g, rs] of byGroup) {
    dense[g] = rs.map((i) => d.z1[i]!.slice());
    sparse[g] = new CsrMatrix(rs.length, 3, Int32Array.from({ length: rs.length + 1 }, (_, k) => k), Int32Array.from(rs, (i) => d.lev[i]!), new Float64Array(rs.length).fill(1));
  }
  return { dense, sparse };
}

describe('exogVc with rows dropped (missing: drop)', () => {
  it('equals the fit on the rows kept by hand (dense and sparse vc matrices; a NaN in y, x and a group label)', () => {
    const d = data(7);
    const all = Array.from({ length: d.n }, (_, i) => i);
    const y = d.y.slice();
    const x = d.x.slice();
    const groups: (string | null)[] = d.groups.slice();
    y[4] = NaN;
    x[13] = NaN;
    groups[20] = null; // a row without a group: not in any vc matrix
    const kept = all.filter((i) => i !== 4 && i !== 13 && i !== 20);
    const vcAll = vcOf(d, all.filter((i) => i !== 20));
    const vcKept = vcOf(d, kept);
    const m = new MixedLM(y, x.map((v) => [1, v]), groups as string[], { exogVc: { z: vcAll.dense, lev: vcAll.sparse }, missing: 'drop' });
    const ref = new MixedLM(kept.map((i) => d.y[i]!), kept.map((i) => [1, d.x[i]!]), kept.map((i) => d.groups[i]!), { exogVc: { z: vcKept.dense, lev: vcKept.sparse } });
    expect(m.nobs).toBe(33);
    const [a, b] = [m.fit(), ref.fit()];
    expect(Math.abs(a.llf - b.llf)).toBeLessThan(1e-12 * Math.abs(b.llf)); // same kept data, same code
    a.feParams.forEach((v, j) => expect(Math.abs(v - b.feParams[j]!)).toBeLessThan(1e-10));
    a.vcomp.forEach((v, j) => expect(Math.abs(v - b.vcomp[j]!)).toBeLessThan(1e-10));
  });

  it('a group whose rows are all dropped is skipped; a vc matrix with the wrong row count names the group', () => {
    const d = data(3);
    const y = d.y.slice();
    for (let i = 0; i < d.n; i++) if (d.groups[i] === 'c') y[i] = NaN; // every row of group c
    const vcAll = vcOf(d, Array.from({ length: d.n }, (_, i) => i));
    const m = new MixedLM(y, d.x.map((v) => [1, v]), d.groups, { exogVc: { z: vcAll.dense }, missing: 'drop' });
    expect(m.nGroups).toBe(2);
    expect(m.fit().llf).toBeLessThan(0);
    const short = { ...vcAll.dense, a: vcAll.dense['a']!.slice(1) };
    expect(() => new MixedLM(y, d.x.map((v) => [1, v]), d.groups, { exogVc: { z: short }, missing: 'drop' })).toThrow(DimensionMismatchError);
    expect(() => new MixedLM(y, d.x.map((v) => [1, v]), d.groups, { exogVc: { z: short }, missing: 'drop' })).toThrow(/group a.*12 rows/);
    const inf = { ...vcAll.dense, b: vcAll.dense['b']!.map((r, k) => (k === 2 ? [Infinity, 0] : r)) };
    expect(() => new MixedLM(y, d.x.map((v) => [1, v]), d.groups, { exogVc: { z: inf }, missing: 'drop' })).toThrow(DataError);
  });
});
