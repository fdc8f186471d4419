import { describe, expect, it } from 'vitest';
import { DataError, InvalidArgumentError } from '../../src/errors.js';
import { buildDesign } from '../../src/formula/design.js';
import { DesignInfo } from '../../src/formula/design-info-api.js';
import { mulberry32 } from './helpers.js';

const rand = mulberry32(20240611);
const N = 60;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const train = {
  x: Array.from({ length: N }, () => 1 + 9 * rand()),
  z: Array.from({ length: N }, () => rand() * 4 - 2),
  g: Array.from({ length: N }, (_, i) => ['a', 'b', 'c', 'd'][i % 4]!),
  h: Array.from({ length: N }, () => pick(['u', 'v'])),
  k: Array.from({ length: N }, (_, i) => [1, 2, 10][i % 3]!),
};
// new rows: other x/z ranges (stateful transforms must not recompute), a subset of levels
const fresh = {
  x: [20, 0.5, 3, 7, 11],
  z: [5, -5, 0, 1, 2],
  g: ['c', 'c', 'b', 'b', 'c'],
  h: ['v', 'v', 'v', 'u', 'v'],
  k: [10, 10, 2, 10, 2],
};

const roundTrip = (info: DesignInfo): DesignInfo => DesignInfo.fromJSON(JSON.parse(JSON.stringify(info.toJSON())));

describe('DesignInfo.toJSON / fromJSON', () => {
  it.each([
    'x + z',
    'x * C(g)',
    'C(g):C(h) + x',
    'C(g) * C(h) * z',
    "C(g, Treatment(reference='c')) + x",
    'C(g, Treatment("c")):x + C(h)',
    'center(x) + standardize(z)',
    'standardize(z, ddof=1) + center(x):C(h)',
    'I(x**2) + log(x)',
    'np.log(x) + I(center(x) ** 2) + center(z)',
    '0 + C(g)',
    '0 + C(g):center(x) + C(k)',
    'y ~ x + C(h) - 1',
  ])('%s: identical matrices on new data after JSON text round trip', (f) => {
    const d = buildDesign(f, train);
    const json = d.info.toJSON();
    expect(JSON.parse(JSON.stringify(json))).toEqual(json); // plain JSON
    const info = roundTrip(d.info);
    expect(info.columnNames).toEqual(d.columnNames);
    expect(info.terms).toEqual(d.terms);
    expect(info.build(train).matrix).toEqual(d.matrix); // exact
    const a = d.info.build(fresh);
    const b = info.build(fresh);
    expect(b.columnNames).toEqual(a.columnNames);
    expect(b.matrix).toEqual(a.matrix); // exact
    expect(info.variables).toEqual(d.info.variables);
    // a second round trip is a fixed point
    expect(roundTrip(info).toJSON()).toEqual(info.toJSON());
  });

  it('center/standardize use the fit-time statistics (by hand)', () => {
    const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
    const mx = mean(train.x);
    const mz = mean(train.z);
    const sz = Math.sqrt(train.z.reduce((s, x) => s + (x - mz) ** 2, 0) / N);
    const info = roundTrip(buildDesign('center(x) + standardize(z)', train).info);
    const X = info.build(fresh);
    expect(X.columnNames).toEqual(['Intercept', 'center(x)', 'standardize(z)']);
    fresh.x.forEach((x, i) => expect(Math.abs(X.matrix[i * 3 + 1]! - (x - mx))).toBeLessThan(1e-12)); // 1e-12 absolute
    fresh.z.forEach((z, i) => expect(Math.abs(X.matrix[i * 3 + 2]! - (z - mz) / sz)).toBeLessThan(1e-12)); // 1e-12 absolute
    const s = info.toJSON().transforms;
    expect(s.map((t) => t?.call)).toEqual(['center(x)', 'standardize(z)']);
  });

  it('Treatment reference and full-rank coding survive; columns follow the saved levels', () => {
    const info = roundTrip(buildDesign("0 + C(g, Treatment(reference='c')) + C(h)", train).info);
    expect(info.columnNames).toEqual(["C(g, Treatment(reference='c'))[a]", "C(g, Treatment(reference='c'))[b]", "C(g, Treatment(reference='c'))[c]", "C(g, Treatment(reference='c'))[d]", 'C(h)[T.v]']);
    const X = info.build({ g: ['c'], h: ['u'] });
    expect(Array.from(X.matrix)).toEqual([0, 0, 1, 0, 0]);
    const info2 = roundTrip(buildDesign("C(g, Treatment(reference='c'))", train).info);
    expect(info2.columnNames).toEqual(['Intercept', "C(g, Treatment(reference='c'))[T.a]", "C(g, Treatment(reference='c'))[T.b]", "C(g, Treatment(reference='c'))[T.d]"]);
    expect(Array.from(info2.build({ g: ['c', 'd'] }).matrix)).toEqual([1, 0, 0, 0, 1, 0, 0, 1]);
  });

  it('an unseen level raises DataError naming the column and level', () => {
    const info = roundTrip(buildDesign('x + C(g)', train).info);
    let err: unknown;
    try {
      info.build({ x: [1, 2], g: ['a', 'e'] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).message).toMatch(/g: level 'e' at row 1/);
  });

  it('non-finite transform state (one row, ddof=1) round-trips', () => {
    const d = buildDesign('standardize(x, ddof=1)', { x: [3] }, { missing: 'none' });
    expect(d.info.toJSON().transforms[0]!.sd).toBe('NaN');
    const a = d.info.build({ x: [4] }, { missing: 'none' }).matrix;
    expect(Number.isNaN(a[1]!)).toBe(true);
    expect(roundTrip(d.info).build({ x: [4] }, { missing: 'none' }).matrix).toEqual(a);
  });

  it('rejects unknown versions and inconsistent or malformed input', () => {
    const j = buildDesign('x + C(g)', train).info.toJSON();
    expect(() => DesignInfo.fromJSON({ ...j, version: 2 })).toThrow(InvalidArgumentError);
    expect(() => DesignInfo.fromJSON({ ...j, version: 2 })).toThrow(/version 2/);
    expect(() => DesignInfo.fromJSON(null)).toThrow(InvalidArgumentError);
    expect(() => DesignInfo.fromJSON({ ...j, columnNames: ['Intercept', 'C(g)[T.b]', 'C(g)[T.c]', 'C(g)[T.d]', 'z'] })).toThrow(/column names/);
    expect(() => DesignInfo.fromJSON({ ...j, formula: 'x' })).toThrow(/not a term/);
    const factors = j.factors.map((f) => (f.code === 'C(g)' ? { ...f, levels: ['a', 'b'] } : f));
    expect(() => DesignInfo.fromJSON({ ...j, factors })).toThrow(/columns/);
    const numericWithLevels = j.factors.map((f) => (f.code === 'x' ? { ...f, levels: ['1'] } : f));
    expect(() => DesignInfo.fromJSON({ ...j, factors: numericWithLevels })).toThrow(InvalidArgumentError);
    expect(() => DesignInfo.fromJSON({ ...j, transforms: [{ call: 'center(x)', mean: 1, sd: 0 }] })).toThrow(/transform/);
  });
});
