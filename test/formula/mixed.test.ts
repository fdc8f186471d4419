import { REFERENCE_DIR } from '../paths.js';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FormulaError } from '../../src/errors.js';
import { readTableSync } from '../../src/data/read.js';
import type { Table } from '../../src/data/table.js';
import { buildDesign } from '../../src/formula/design.js';
import { groupingFactor } from '../../src/formula/grouping.js';
import { parseMixedFormula } from '../../src/formula/mixed.js';
import { completeRows, responseVector } from '../../src/formula/response.js';

interface LmeRef {
  formula: string;
  nobs: number;
  fixef: Record<string, number>;
  ranef: Record<string, { levels: string[]; terms: string | string[] }>;
}
const lme4 = JSON.parse(readFileSync(`${REFERENCE_DIR}/lme4.json`, 'utf8')) as Record<string, LmeRef>;

const summary = (f: string): [string, string[], boolean, string][] =>
  parseMixedFormula(f).random.map((r) => [r.expr, r.grouping, r.correlated, r.text]);

describe('parseMixedFormula: the six reference formulas', () => {
  it.each([
    ['Reaction ~ Days + (Days | Subject)', 'Reaction ~ Days', [['Days', ['Subject'], true, 'Subject']]],
    ['Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)', 'Reaction ~ Days', [['1', ['Subject'], true, 'Subject'], ['0 + Days', ['Subject'], true, 'Subject']]],
    ['Yield ~ 1 + (1 | Batch)', 'Yield ~ 1', [['1', ['Batch'], true, 'Batch']]],
    ['diameter ~ 1 + (1 | plate) + (1 | sample)', 'diameter ~ 1', [['1', ['plate'], true, 'plate'], ['1', ['sample'], true, 'sample']]],
    ['strength ~ 1 + (1 | batch) + (1 | batch:cask)', 'strength ~ 1', [['1', ['batch'], true, 'batch'], ['1', ['batch', 'cask'], true, 'batch:cask']]],
    ['y ~ service + (1 | s) + (1 | d) + (1 | dept)', 'y ~ service', [['1', ['s'], true, 's'], ['1', ['d'], true, 'd'], ['1', ['dept'], true, 'dept']]],
  ])('%s', (f, fixed, random) => {
    const m = parseMixedFormula(f);
    expect(m.fixedText).toBe(fixed);
    expect(m.response).toBe(fixed.split(' ~ ')[0]);
    expect(summary(f)).toEqual(random);
  });

  it('records positions of random terms (offset of the opening parenthesis)', () => {
    const f = 'strength ~ 1 + (1 | batch) + (1 | batch:cask)';
    expect(parseMixedFormula(f).random.map((r) => r.position)).toEqual([15, 29]);
    expect(f[29]).toBe('(');
  });
});

describe('parseMixedFormula: expansions', () => {
  it('(x || g) → (1 | g) + (0 + x | g), uncorrelated', () => {
    expect(summary('y ~ x + (x || g)')).toEqual([
      ['1', ['g'], false, 'g'],
      ['0 + x', ['g'], false, 'g'],
    ]);
    expect(summary('y ~ (1 + x + z || g)').map((r) => r[0])).toEqual(['1', '0 + x', '0 + z']);
    expect(summary('y ~ (0 + x || g)')).toEqual([['0 + x', ['g'], false, 'g']]);
    expect(summary('y ~ (x:z || g)').map((r) => r[0])).toEqual(['1', '0 + x:z']);
  });

  it("(1 | a/b) → (1 | a) + (1 | a:b) named as lme4 names them ('b:a'); a/b/c three levels", () => {
    expect(summary('strength ~ 1 + (1 | batch/cask)')).toEqual([
      ['1', ['batch'], true, 'batch'],
      ['1', ['batch', 'cask'], true, 'cask:batch'],
    ]);
    expect(summary('y ~ (x | a/b/c)').map((r) => r[3])).toEqual(['a', 'b:a', 'c:(b:a)']);
    expect(summary('y ~ (1 | a:b)').map((r) => r[3])).toEqual(['a:b']); // an explicit interaction keeps its order
  });

  it('only random terms → fixed part is the intercept; -1 is kept', () => {
    expect(parseMixedFormula('y ~ (1 | g)').fixedText).toBe('y ~ 1');
    expect(parseMixedFormula('y ~ x - 1 + (1 | g)').fixedText).toBe('y ~ x - 1');
    expect(parseMixedFormula('y ~ (1 | g) - 1').fixedRhs).toBe('-1');
  });

  it('random terms build their own designs (lme4 implicit intercept)', () => {
    const data = { y: [1, 2, 3], x: [0.5, 1, 2], g: ['a', 'b', 'a'] };
    const m = parseMixedFormula('y ~ x + (x | g) + (0 + x | g)');
    expect(buildDesign(m.random[0]!.exprNode, data, { source: m.formula }).columnNames).toEqual(['Intercept', 'x']);
    expect(buildDesign(m.random[1]!.expr, data).columnNames).toEqual(['x']);
    expect(buildDesign(m.fixed, data).columnNames).toEqual(['Intercept', 'x']);
  });

  it.each([
    ['y ~ x * (1 | g)', 8],
    ['y ~ x - (1 | g)', 8],
    ['y ~ (1 | log(g))', 9],
    ['y ~ (1 | g + h)', 9],
    ['y ~ ((1 | g) | h)', 5],
  ])('rejects %s at %i', (f, pos) => {
    try {
      parseMixedFormula(f);
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(FormulaError);
      expect((e as FormulaError).position).toBe(pos);
    }
  });
});

describe('reference data: designs, responses and grouping factors agree with lme4', () => {
  const tables: Record<string, Table> = {};
  beforeAll(() => {
    for (const name of ['sleepstudy', 'Dyestuff', 'Penicillin', 'Pastes']) tables[name] = readTableSync(`data/${name}.csv`);
    const inst = readTableSync('data/InstEval.csv');
    tables.InstEval = inst.take(Int32Array.from({ length: 10000 }, (_, i) => i));
  });
  const cases: [string, string][] = [
    ['sleepstudy_slopes_reml', 'sleepstudy'],
    ['sleepstudy_indep_reml', 'sleepstudy'],
    ['dyestuff_reml', 'Dyestuff'],
    ['penicillin_reml', 'Penicillin'],
    ['pastes_reml', 'Pastes'],
    ['insteval10k_reml', 'InstEval'],
  ];
  it.each(cases)('%s', (id, dataName) => {
    const ref = lme4[id]!;
    const t = tables[dataName]!;
    const m = parseMixedFormula(ref.formula);
    expect(completeRows([ref.formula], t).reduce((a, b) => a + b, 0)).toBe(ref.nobs);
    const y = responseVector(m.fixed, t);
    expect(y.values.length).toBe(ref.nobs);
    const X = buildDesign(m.fixed, t);
    // lme4 names: (Intercept), Days, service1 ↔ patsy: Intercept, Days, service[T.1]
    const lmeNames = Object.keys(ref.fixef).map((n) => (n === '(Intercept)' ? 'Intercept' : n.replace(/^service1$/, 'service[T.1]')));
    expect(X.columnNames).toEqual(lmeNames);
    for (const r of m.random) {
      const g = groupingFactor(t, r.grouping);
      const lev = ref.ranef[r.text]!.levels;
      if (r.text === 'dept') expect([...g.levels].sort()).toEqual([...lev].sort()); // R keeps dept's own level order
      else expect(g.levels).toEqual(lev);
      const Z = buildDesign(r.exprNode, t, { source: m.formula });
      const terms = ([] as string[]).concat(ref.ranef[r.text]!.terms).map((n) => (n === '(Intercept)' ? 'Intercept' : n));
      // the indep model splits Subject's terms over two random terms
      for (const c of Z.columnNames) expect(terms).toContain(c);
    }
  });
});

describe('groupingFactor', () => {
  it('builds interaction labels, sorted levels and codes; missing → -1', () => {
    const g = groupingFactor({ a: ['B', 'A', 'B', null], b: ['x', 'y', 'x', 'y'] }, ['a', 'b']);
    expect(g.labels).toEqual(['B:x', 'A:y', 'B:x', null]);
    expect(g.levels).toEqual(['A:y', 'B:x']);
    expect(Array.from(g.codes)).toEqual([1, 0, 1, -1]);
  });
  it('orders numeric-looking labels naturally by default, by code point on request', () => {
    const d = { s: ['10', '9', '100', '9'] };
    expect(groupingFactor(d, ['s']).levels).toEqual(['9', '10', '100']);
    expect(groupingFactor(d, ['s'], { order: 'lexicographic' }).levels).toEqual(['10', '100', '9']);
    expect(groupingFactor({ n: [3, 1, 2] }, ['n']).levels).toEqual(['1', '2', '3']);
  });
});

describe('randomTermDesign', () => {
  it('pairs the term design with its grouping factor and rejects missing groups', async () => {
    const { randomTermDesign } = await import('../../src/formula/mixed.js');
    const data = { y: [1, 2, 3, 4], x: [0, 1, 2, 3], g: ['b', 'a', 'b', 'a'] };
    const m = parseMixedFormula('y ~ x + (x | g)');
    const r = randomTermDesign(m.random[0]!, data);
    expect(r.design.columnNames).toEqual(['Intercept', 'x']);
    expect(r.factor.levels).toEqual(['a', 'b']);
    expect(Array.from(r.factor.codes)).toEqual([1, 0, 1, 0]);
    expect(() => randomTermDesign(m.random[0]!, { ...data, g: ['a', null, 'b', 'a'] })).toThrow(/grouping factor 'g' at row 1/);
  });
});
