import { describe, expect, it } from 'vitest';
import { DataError, FormulaError } from '../../src/errors.js';
import { Table } from '../../src/data/table.js';
import { formulaVariables } from '../../src/formula/design.js';
import { parseFormula } from '../../src/formula/parser.js';
import { completeRows, responseVector } from '../../src/formula/response.js';
import { evaluateVcFormula } from '../../src/formula/vc.js';
import { rows } from './helpers.js';

describe('formulaVariables', () => {
  it('lists data columns, not functions, keywords or constants', () => {
    expect(formulaVariables(parseFormula("log(y) ~ I(x**2 + np.pi) + C(g, Treatment(reference='a')) + Q('b c') + (1 + z | s:t)"))).toEqual([
      'y', 'x', 'g', 'b c', 'z', 's', 't',
    ]);
  });
});

describe('completeRows (missing = drop over the formula variables only)', () => {
  const t = Table.fromColumns({
    y: [1, 2, NaN, 4, 5],
    x: [1, null, 3, 4, 5],
    g: ['a', 'b', 'c', null, 'e'],
    unused: [NaN, NaN, NaN, NaN, NaN],
  });
  it('drops rows missing in y, x or g but ignores other columns', () => {
    expect(Array.from(completeRows(['y ~ x + (1 | g)'], t))).toEqual([1, 0, 0, 0, 1]);
    expect(Array.from(completeRows(['y ~ 1'], t))).toEqual([1, 1, 0, 1, 1]);
    expect(Array.from(completeRows(['y ~ 1', '~ x'], t, ['g']))).toEqual([1, 0, 0, 0, 1]);
  });
  it('names unknown variables', () => {
    expect(() => completeRows(['y ~ xx'], t)).toThrow(/no column 'xx' \(did you mean 'x'\?\)/);
  });
});

describe('responseVector', () => {
  const t = Table.fromColumns({ y: [1, 4, 9], g: ['a', 'b', 'a'] });
  it('evaluates the left side', () => {
    expect(responseVector('y ~ g', t)).toEqual({ name: 'y', values: Float64Array.of(1, 4, 9) });
    const r = responseVector('np.sqrt(y) ~ 1', t);
    expect(r.name).toBe('np.sqrt(y)');
    expect(Array.from(r.values)).toEqual([1, 2, 3]); // exact square roots
  });
  it('rejects categorical, missing or compound responses', () => {
    try {
      responseVector('g ~ y', t);
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as DataError).column).toBe('g');
    }
    expect(() => responseVector('~ y', t)).toThrow(FormulaError);
    expect(() => responseVector('y + g ~ 1', t)).toThrow(/single variable/);
  });
});

describe('evaluateVcFormula (statsmodels vc_formula on one group)', () => {
  const t = Table.fromColumns({ classroom: ['c2', 'c1', 'c3', 'c1', 'c2'], school: ['s1', 's1', 's2', 's1', 's2'] });
  it('codes only the levels present in the group', () => {
    const z = evaluateVcFormula('0 + C(classroom)', t, [0, 1, 3]); // school s1
    expect(z.columnNames).toEqual(['C(classroom)[c1]', 'C(classroom)[c2]']);
    expect(rows(z)).toEqual([
      [0, 1],
      [1, 0],
      [1, 0],
    ]); // exact
    expect(evaluateVcFormula('0 + C(classroom)', t).ncol).toBe(3);
  });
});
