import { describe, expect, it } from 'vitest';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { DataError, FormulaError } from '../../src/errors.js';
import { buildDesign, designColumn } from '../../src/formula/design.js';
import { parseFormula } from '../../src/formula/parser.js';
import { termsOf } from '../../src/formula/terms.js';
import { mulberry32, rows, small } from './helpers.js';

const names = (f: string, data: Record<string, ArrayLike<unknown>> = small): string[] => buildDesign(f, data).columnNames;
const termNames = (f: string): string[] => termsOf(parseFormula(f)).rhs.map((t) => t.name);

describe('term algebra (patsy ModelDesc)', () => {
  it.each([
    ['y ~ a*b', ['Intercept', 'a', 'b', 'a:b']],
    ['y ~ a/b', ['Intercept', 'a', 'a:b']],
    ['y ~ (a + b)/c', ['Intercept', 'a', 'b', 'a:b:c']],
    ['y ~ (a + b + c)**2', ['Intercept', 'a', 'b', 'c', 'a:b', 'a:c', 'b:c']],
    ['y ~ a*b - a', ['Intercept', 'b', 'a:b']],
    ['y ~ a:b + b:a', ['Intercept', 'a:b']],
    ['y ~ x - 1', ['x']],
    ['y ~ -1 + x', ['x']],
    ['y ~ x + 0', ['x']],
    ['y ~ 0 + x + 1', ['Intercept', 'x']],
    ['y ~ x + -1', ['Intercept', 'x']], // patsy: a right operand of + cannot remove the intercept
    ['y ~ x**2', ['Intercept', 'x']],
    ['y ~ a*b*c - a:b:c', ['Intercept', 'a', 'b', 'a:b', 'c', 'a:c', 'b:c']], // design reorders by degree
  ])('%s', (f, expected) => {
    expect(termNames(f)).toEqual(expected);
  });

  it('rejects intercept interactions and non-integer powers', () => {
    expect(() => termNames('y ~ x:1')).toThrow(/intercept term cannot interact/);
    expect(() => termNames('y ~ (a+b)**x')).toThrow(FormulaError);
    expect(() => termNames('y ~ x + 2')).toThrow(/only allowed as the exponent/);
    expect(() => termNames('y ~ -x')).toThrow(/unary minus/);
  });
});

describe('design matrices: patsy column names and values', () => {
  it('main effects: intercept, categorical before numeric, treatment coding', () => {
    const d = buildDesign('y ~ x + C(g)', small);
    expect(d.columnNames).toEqual(['Intercept', 'C(g)[T.b]', 'C(g)[T.c]', 'x']);
    expect(rows(d)).toEqual([
      [1, 0, 0, 1],
      [1, 1, 0, 2],
      [1, 0, 1, 3],
      [1, 0, 0, 4],
      [1, 1, 0, 5],
      [1, 0, 1, 6],
    ]); // exact
    expect(d.terms.map((t) => [t.name, t.start, t.end])).toEqual([
      ['Intercept', 0, 1],
      ['C(g)', 1, 3],
      ['x', 3, 4],
    ]);
    expect(d.info.hasIntercept).toBe(true);
  });

  it('string columns are categorical without C(): g[T.b]', () => {
    expect(names('g + h')).toEqual(['Intercept', 'g[T.b]', 'g[T.c]', 'h[T.y]']);
  });

  it('a*b of two categoricals', () => {
    const d = buildDesign('C(g)*C(h)', small);
    expect(d.columnNames).toEqual(['Intercept', 'C(g)[T.b]', 'C(g)[T.c]', 'C(h)[T.y]', 'C(g)[T.b]:C(h)[T.y]', 'C(g)[T.c]:C(h)[T.y]']);
    expect(rows(d)).toEqual([
      [1, 0, 0, 0, 0, 0],
      [1, 1, 0, 1, 1, 0],
      [1, 0, 1, 0, 0, 0],
      [1, 0, 0, 1, 0, 0],
      [1, 1, 0, 0, 0, 0],
      [1, 0, 1, 1, 0, 1],
    ]); // exact
  });

  it('a:b alone gets patsy full-rank pieces (b reduced, a-:b+)', () => {
    expect(names('C(g):C(h)')).toEqual(['Intercept', 'C(h)[T.y]', 'C(g)[T.b]:C(h)[x]', 'C(g)[T.c]:C(h)[x]', 'C(g)[T.b]:C(h)[y]', 'C(g)[T.c]:C(h)[y]']);
  });

  it('x:C(g) and C(g):x are full-rank in g (no lower-order marginal in their bucket)', () => {
    const d = buildDesign('x:C(g)', small);
    expect(d.columnNames).toEqual(['Intercept', 'x:C(g)[a]', 'x:C(g)[b]', 'x:C(g)[c]']);
    expect(rows(d)).toEqual([
      [1, 1, 0, 0],
      [1, 0, 2, 0],
      [1, 0, 0, 3],
      [1, 4, 0, 0],
      [1, 0, 5, 0],
      [1, 0, 0, 6],
    ]); // exact
    expect(names('C(g):x')).toEqual(['Intercept', 'C(g)[a]:x', 'C(g)[b]:x', 'C(g)[c]:x']);
    expect(names('x*C(g)')).toEqual(['Intercept', 'C(g)[T.b]', 'C(g)[T.c]', 'x', 'x:C(g)[T.b]', 'x:C(g)[T.c]']);
  });

  it('0 + C(g) gives every level', () => {
    const d = buildDesign('0 + C(g)', small);
    expect(d.columnNames).toEqual(['C(g)[a]', 'C(g)[b]', 'C(g)[c]']);
    expect(rows(d).slice(0, 3)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]); // exact
    expect(d.info.hasIntercept).toBe(false);
    expect(names('C(g) - 1')).toEqual(['C(g)[a]', 'C(g)[b]', 'C(g)[c]']);
  });

  it('Treatment(reference=...) moves the reference level', () => {
    const d = buildDesign("C(g, Treatment(reference='c'))", small);
    expect(d.columnNames).toEqual(["Intercept", "C(g, Treatment(reference='c'))[T.a]", "C(g, Treatment(reference='c'))[T.b]"]);
    expect(rows(d).slice(0, 3)).toEqual([
      [1, 1, 0],
      [1, 0, 1],
      [1, 0, 0],
    ]); // exact
    expect(names('C(g, Treatment("b"))')).toEqual(['Intercept', 'C(g, Treatment("b"))[T.a]', 'C(g, Treatment("b"))[T.c]']);
    expect(() => buildDesign("C(g, Treatment('zz'))", small)).toThrow(/reference level 'zz'/);
  });

  it('I(x ** 2), log(x), np.log(x), I() with unary minus', () => {
    const d = buildDesign('I(x**2) + log(x) + np.log(x) + I(-x**2 + 1)', small);
    expect(d.columnNames).toEqual(['Intercept', 'I(x ** 2)', 'log(x)', 'np.log(x)', 'I(-x ** 2 + 1)']);
    for (let i = 0; i < 6; i++) {
      const x = small.x[i]!;
      expect(d.matrix[i * 5 + 1]).toBe(x * x); // exact
      expect(d.matrix[i * 5 + 2]).toBeCloseTo(Math.log(x), 14); // 1e-14
      expect(d.matrix[i * 5 + 3]).toBeCloseTo(Math.log(x), 14); // 1e-14
      expect(d.matrix[i * 5 + 4]).toBe(1 - x * x); // -x**2 = -(x**2), exact
    }
  });

  it('center(x) and standardize(x) (ddof = 0), remembered for new data', () => {
    const d = buildDesign('center(x) + standardize(x)', small);
    const sd = Math.sqrt(17.5 / 6); // Σ(x-3.5)² = 17.5, n = 6
    expect(Array.from(designColumn(d, 1))).toEqual([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]); // exact
    const s = designColumn(d, 2);
    for (let i = 0; i < 6; i++) expect(s[i]).toBeCloseTo((small.x[i]! - 3.5) / sd, 14); // 1e-14
    const nd = d.info.build({ x: [3.5, 10] });
    expect(rows(nd)[1]![1]).toBe(6.5); // training mean 3.5, exact
    expect(rows(nd)[1]![2]).toBeCloseTo(6.5 / sd, 14); // 1e-14
    expect(names('standardize(x, ddof=1)')).toEqual(['Intercept', 'standardize(x, ddof=1)']);
    const d1 = buildDesign('standardize(x, ddof=1)', small);
    expect(d1.matrix[1]).toBeCloseTo(-2.5 / Math.sqrt(17.5 / 5), 14); // 1e-14
  });

  it('numeric interactions and ** of a term sum', () => {
    const d = buildDesign('(x + z)**2', small);
    expect(d.columnNames).toEqual(['Intercept', 'x', 'z', 'x:z']);
    expect(Array.from(designColumn(d, 3))).toEqual(small.x.map((x, i) => x * small.z[i]!)); // exact
    expect(names('(x + z + C(g))**2')).toEqual([
      'Intercept', 'C(g)[T.b]', 'C(g)[T.c]', 'x', 'x:C(g)[T.b]', 'x:C(g)[T.c]', 'z', 'z:C(g)[T.b]', 'z:C(g)[T.c]', 'x:z',
    ]);
  });

  it('/ nests: g/h = g + g:h', () => {
    const d = buildDesign('g/h', small);
    expect(d.columnNames).toEqual(['Intercept', 'g[T.b]', 'g[T.c]', 'g[a]:h[T.y]', 'g[b]:h[T.y]', 'g[c]:h[T.y]']);
    expect(rows(d)[1]).toEqual([1, 1, 0, 0, 1, 0]); // row 1 = (b, y), exact
  });

  it('orders terms by degree within a bucket (patsy)', () => {
    expect(names('C(g)*C(h) - C(g):C(h) + C(g):C(h) + x')).toEqual([
      'Intercept', 'C(g)[T.b]', 'C(g)[T.c]', 'C(h)[T.y]', 'C(g)[T.b]:C(h)[T.y]', 'C(g)[T.c]:C(h)[T.y]', 'x',
    ]);
    expect(names('h:g + g')).toEqual(['Intercept', 'g[T.b]', 'g[T.c]', 'h[T.y]:g[a]', 'h[T.y]:g[b]', 'h[T.y]:g[c]']);
  });

  it('-1 removes the intercept; categorical then gets all levels', () => {
    expect(names('x + C(h) - 1')).toEqual(['C(h)[x]', 'C(h)[y]', 'x']);
  });

  it('C(numeric) levels sort numerically; booleans are categorical True/False', () => {
    const data = { w: [10, 2, 1, 2, 10, 1], b: [true, false, true, true, false, false] };
    expect(names('C(w) + b', data)).toEqual(['Intercept', 'C(w)[T.2]', 'C(w)[T.10]', 'b[T.True]']);
    expect(names('C(w, Treatment(reference=10))', data)).toEqual(['Intercept', 'C(w, Treatment(reference=10))[T.1]', 'C(w, Treatment(reference=10))[T.2]']);
    expect(names("C(g, levels=['c', 'b', 'a'])")).toEqual(["Intercept", "C(g, levels=['c', 'b', 'a'])[T.b]", "C(g, levels=['c', 'b', 'a'])[T.a]"]);
  });

  it('patsy sorts string levels by code point', () => {
    expect(names('s', { s: ['b', 'B', 'a', '10', '9'] })).toEqual(['Intercept', 's[T.9]', 's[T.B]', 's[T.a]', 's[T.b]']);
  });

  it('Q() quotes odd column names; unknown names suggest the closest', () => {
    expect(names("Q('my x')", { 'my x': [1, 2] })).toEqual(['Intercept', "Q('my x')"]);
    try {
      buildDesign('y ~ x + Dys', { x: [1], Days: [2] });
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(FormulaError);
      expect((e as FormulaError).position).toBe(8);
      expect((e as FormulaError).reason).toContain("unknown variable 'Dys' (did you mean 'Days'?)");
    }
    expect(() => buildDesign('y ~ foo(x)', small)).toThrow(/unknown function 'foo'/);
    expect(() => buildDesign('y ~ log(g)', small)).toThrow(/categorical/);
    expect(() => buildDesign('y ~ x + (1 | g)', small)).toThrow(/parseMixedFormula/);
  });

  it('missing values raise a DataError naming column and row (or pass through as NaN)', () => {
    const data = { x: [1, NaN, 3], g: ['a', 'b', null] };
    try {
      buildDesign('x', data);
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).column).toBe('x');
      expect((e as DataError).row).toBe(1);
    }
    expect(() => buildDesign('C(g)', data)).toThrow(DataError);
    const d = buildDesign('x + g', data, { missing: 'none' });
    expect(rows(d)[1]![2]).toBeNaN();
    expect(rows(d)[2]![1]).toBeNaN();
  });
});

describe('design info: same coding for new data', () => {
  it('keeps levels and columns, rejects unseen levels', () => {
    const d = buildDesign('x + C(g)', small);
    const nd = d.info.build({ x: [7, 8], g: ['c', 'c'] });
    expect(nd.columnNames).toEqual(d.columnNames);
    expect(rows(nd)).toEqual([
      [1, 0, 1, 7],
      [1, 0, 1, 8],
    ]); // exact
    try {
      d.info.build({ x: [1, 2], g: ['a', 'zz'] });
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).column).toBe('g');
      expect((e as DataError).row).toBe(1);
      expect((e as DataError).message).toContain("level 'zz'");
    }
    expect(d.info.variables).toEqual(['x', 'g']);
  });
});

describe('full rank on seeded random data (rank = number of columns)', () => {
  const rnd = mulberry32(12345);
  const n = 60;
  const G = ['a', 'b', 'c', 'd'];
  const H = ['u', 'v', 'w'];
  const data = {
    x: Array.from({ length: n }, () => rnd() * 4 - 2),
    z: Array.from({ length: n }, () => rnd()),
    g: Array.from({ length: n }, (_, i) => G[i % 4]!),
    h: Array.from({ length: n }, (_, i) => H[Math.floor(i / 4) % 3]!),
  };
  it.each(['C(g)*C(h)', 'C(g):C(h)', 'x:C(g) + C(h)', 'g/h', 'C(g)*C(h)*x', '(C(g) + h + x)**3', '0 + C(g):C(h)', 'x*z*g - 1'])('%s', (f) => {
    const d = buildDesign(f, data);
    const M = new Matrix(rows(d));
    const rank = new SingularValueDecomposition(M, { computeLeftSingularVectors: false, computeRightSingularVectors: false }).rank;
    expect(rank).toBe(d.ncol); // SVD rank with ml-matrix's default threshold
  });
});

describe('R spellings and empty right-hand sides', () => {
  it('accepts ^ for ** and factor()/as.factor() for C()', () => {
    expect(names('(x + z)^2')).toEqual(['Intercept', 'x', 'z', 'x:z']);
    const d = buildDesign('I(x^2)', small);
    expect(d.columnNames).toEqual(['Intercept', 'I(x ^ 2)']);
    expect(d.matrix[2 * 2 + 1]).toBe(9); // exact
    expect(names('factor(h) + as.factor(h):x')).toEqual(['Intercept', 'factor(h)[T.y]', 'as.factor(h)[x]:x', 'as.factor(h)[y]:x']);
  });
  it('"0", "1", "~ 1" give no columns or just the intercept (statsmodels re_formula)', () => {
    expect(buildDesign('0', small).ncol).toBe(0);
    expect(buildDesign('~ 0', small).nrow).toBe(6);
    expect(names('1')).toEqual(['Intercept']);
    expect(names('~ 1')).toEqual(['Intercept']);
    expect(names("C(g, Treatment)")).toEqual(['Intercept', 'C(g, Treatment)[T.b]', 'C(g, Treatment)[T.c]']);
  });
});
