/** Issue 11, inputs: bad data, R's names, long formulas, oversized designs, lme4's level rules, wrong option values. */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { Table } from '../../src/data/table.js';
import { DataError, FormulaError, InvalidArgumentError } from '../../src/errors.js';
import { parseFormula } from '../../src/formula/parser.js';
import { MixedLM } from '../../src/model/mixedlm.js';
import { table } from '../cli/helpers.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

const six = (): Record<string, unknown[]> => ({ y: [1, 2, 1.5, 3, 1, 2.5], x: [1, 2, 3, 4, 5, 7], g: ['a', 'a', 'b', 'b', 'c', 'c'] });

describe('bad values are DataErrors naming column and row', () => {
  it('Inf/-Inf in a CSV are read as numbers, then refused as non-finite with row and column (also with missing: drop)', () => {
    const t = parseCsv('y,x,g\n1,2,a\n2,-Inf,a\n3,4,b\n4,5,b\n5,1,c\n6,2,c\n');
    expect(t.column('x').kind).toBe('numeric');
    for (const missing of ['none', 'drop'] as const) {
      const e = thrown(() => MixedLM.fromFormula('y ~ x + (1|g)', t, { missing }));
      expect(e).toBeInstanceOf(DataError);
      expect(e).toMatchObject({ column: 'x', row: 1 });
      expect((e as Error).message).toMatch(/x has a non-finite value \(-Infinity\) at row 1/);
    }
    const ey = thrown(() => MixedLM.fromFormula('y ~ x + (1|g)', { ...six(), y: [1, 2, Infinity, 3, 1, 2] }));
    expect(ey).toMatchObject({ column: 'y', row: 2 });
  });

  it('values beyond ±1e150 are refused before the optimizer (not "x0: objective … not finite")', () => {
    const e = thrown(() => MixedLM.fromFormula('y ~ x + (1|g)', { ...six(), x: [1, 2, -3e151, 4, 5, 7] }));
    expect(e).toBeInstanceOf(DataError);
    expect(e).toMatchObject({ column: 'x', row: 2 });
    expect((e as Error).message).toMatch(/beyond ±1e150/);
    const ey = thrown(() => new MixedLM([1, 2, 2e200, 3], [1, 1, 1, 1], [1, 1, 2, 2], { endogName: 'Yield' }));
    expect(ey).toMatchObject({ column: 'Yield', row: 2 });
    // in a crossed random slope (a sparse variance-component block)
    const d12 = { y: [1, 2, 1.5, 3, 1, 2.5, 2, 3, 1, 2, 1.5, 2.2], x: [1, 2, 3, 4, 5, 7, 1, 2e200, 3, 4, 5, 6], g: [...'aabbccaabbcc'], h: [...'uvwuvwuvwxyz'] };
    const ev = thrown(() => MixedLM.fromFormula('y ~ 1 + (0 + x | g) + (1 | h)', d12));
    expect(ev).toBeInstanceOf(DataError);
    expect((ev as Error).message).toMatch(/value 2e\+200 beyond ±1e150/);
    expect(ev).toMatchObject({ row: 7 });
    // 1e150 itself is accepted
    expect(() => new MixedLM([1, 2, 1e150, 3], [1, 1, 1, 1], [1, 1, 2, 2])).not.toThrow();
  });

  it('a constant response is a DataError naming it', () => {
    const e = thrown(() => MixedLM.fromFormula('y ~ x + (1|g)', { ...six(), y: [4, 4, 4, 4, 4, 4] }));
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message).toMatch(/response y is constant \(all 6 values are 4\)/);
    expect(e).toMatchObject({ column: 'y', row: -1 });
  });

  it('a response reproduced exactly by the fixed effects (or a saturated fixed design) is a DataError, not "x0: objective … not finite"', () => {
    const e = thrown(() => MixedLM.fromFormula('y ~ x + y + (1|g)', six()));
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message).toMatch(/response y is reproduced exactly by the fixed effects/);
    const sat = thrown(() => MixedLM.fromFormula('y ~ C(x) + (1|g)', six()));
    expect((sat as Error).message).toMatch(/the fixed effects have 6 columns for 6 observations/);
    // an overflowing literal in a CSV is a number (Infinity), refused with its row
    const big = thrown(() => MixedLM.fromFormula('y ~ x + (1|g)', parseCsv('y,x,g\n1,1e400,a\n2,2,a\n3,3,b\n4,4,b\n5,5,c\n6,6,c\n')));
    expect(big).toMatchObject({ column: 'x', row: 0 });
  });

  it('an all-NA column, header-only and empty data, and all rows dropped say so', () => {
    const allNA = thrown(() => MixedLM.fromFormula('y ~ x + (1|g)', { ...six(), x: new Array(6).fill(null) }, { missing: 'drop' }));
    expect(allNA).toBeInstanceOf(DataError);
    expect((allNA as Error).message).toMatch(/column 'x' has no values: all 6 rows are missing/);
    const header = thrown(() => MixedLM.fromFormula('y ~ x + (1|g)', parseCsv('y,x,g\n')));
    expect((header as Error).message).toMatch(/no rows \(a header line only\?\)/);
    const empty = thrown(() => MixedLM.fromFormula('y ~ x + (1|g)', new Table(new Map(), 0)));
    expect((empty as Error).message).toMatch(/no columns/);
    const dropped = thrown(() => MixedLM.fromFormula('y ~ x + (1|g)', parseCsv('y,x,g\nNA,1,a\n2,NA,b\n3,4,NA\n'), { missing: 'drop' }));
    expect(dropped).toBeInstanceOf(DataError);
    expect((dropped as Error).message).toMatch(/all 3 rows were dropped because of missing values in y \(1 missing\), x \(1 missing\), g \(1 missing\)/);
  });
});

describe("R's names", () => {
  const d = { 'Reaction time': Array.from(table('sleepstudy.csv').numeric('Reaction')), 'Days.2': Array.from(table('sleepstudy.csv').numeric('Days')), 'Subject id': table('sleepstudy.csv').column('Subject').values };
  const ref = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', table('sleepstudy.csv')).fit();

  it('backtick-quoted and dotted names fit the same model (lme4 dialect)', () => {
    const r = MixedLM.fromFormula('`Reaction time` ~ Days.2 + (Days.2 | `Subject id`)', d).fit();
    expect(r.llf).toBeCloseTo(ref.llf, 8); // same data, same model: 1e-8
    r.feParams.forEach((b, j) => expect(b).toBeCloseTo(ref.feParams[j]!, 6));
    expect(r.model.exogNames).toEqual(['Intercept', 'Days.2']);
    expect(r.varCorr()[0]!.grp).toBe('Subject id');
  });

  it('backticks in the statsmodels dialect (groups by name)', () => {
    const r = MixedLM.fromFormula('`Reaction time` ~ Days.2', d, { groups: 'Subject id', reFormula: '~Days.2' }).fit();
    expect(r.llf).toBeCloseTo(ref.llf, 8);
  });

  it('an unterminated backtick is a FormulaError at its position', () => {
    const e = thrown(() => parseFormula('y ~ `Subject id + x'));
    expect(e).toBeInstanceOf(FormulaError);
    expect((e as FormulaError).position).toBe(4);
  });
});

describe('long and deeply nested formulas', () => {
  it('200+ nested parentheses, a 1000+ term sum and deep I() are FormulaErrors with a position, not stack overflows', () => {
    for (const f of [
      `y ~ ${'('.repeat(50_000)}x${')'.repeat(50_000)}`,
      `y ~ I(${'('.repeat(50_000)}x${')'.repeat(50_000)})`,
      `y ~ ${'-'.repeat(50_000)}x`,
      `y ~ ${Array.from({ length: 30_000 }, () => 'x').join(' + ')}`,
      `y ~ ${Array.from({ length: 30_000 }, () => 'x').join(':')}`,
      `y ~ I(${Array.from({ length: 30_000 }, () => 'x').join(' * ')})`,
    ]) {
      const e = thrown(() => MixedLM.fromFormula(f, six()));
      expect(e).toBeInstanceOf(FormulaError);
      expect((e as FormulaError).position).toBeGreaterThanOrEqual(0);
      expect((e as Error).message).toMatch(/too deeply|too long/);
    }
  });

  it('a 300-term formula still parses', () => {
    expect(() => parseFormula(`y ~ ${Array.from({ length: 300 }, (_, i) => `x${i}`).join(' + ')}`)).not.toThrow();
  });
});

describe('designs too large for memory are refused before allocation', () => {
  it('a:b of two thousand-level factors', () => {
    const n = 4000;
    const a = Array.from({ length: n }, (_, i) => `a${i % 1000}`);
    const b = Array.from({ length: n }, (_, i) => `b${(i * 7 + Math.floor(i / 1000)) % 1000}`);
    const y = Array.from({ length: n }, (_, i) => Math.sin(i));
    const g = Array.from({ length: n }, (_, i) => `g${i % 10}`);
    const t0 = Date.now();
    const e = thrown(() => MixedLM.fromFormula('y ~ a * b + (1 | g)', { y, a, b, g }));
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message).toMatch(/design matrix too large: 4,000 rows × 1,000,000 columns = 29\.8 GiB/);
    expect((e as Error).message).toMatch(/a:b \(998,001 columns\)/);
    expect(Date.now() - t0).toBeLessThan(60_000); // refused without building it (a correctness guard, not a benchmark)
  });
});

describe("groups of size one: lme4's checkNlevels / checkZdims (lme4 1.1-31 messages)", () => {
  it('every level with one observation is refused, as lme4 does', () => {
    const e = thrown(() => MixedLM.fromFormula('y ~ x + (1|g)', { ...six(), g: ['a', 'b', 'c', 'd', 'e', 'f'] }));
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message).toMatch(/number of levels of each grouping factor must be < number of observations \(problems: g/);
    const sm = thrown(() => MixedLM.fromFormula('y ~ x', { ...six(), g: ['a', 'b', 'c', 'd', 'e', 'f'] }, { groups: 'g' }));
    expect(sm).toBeInstanceOf(DataError);
  });

  it('a random slope with as many effects as observations is refused (checkZdims)', () => {
    // lme4: "number of observations (=6) <= number of random effects (=6) for term (x | h)"
    const e = thrown(() => MixedLM.fromFormula('y ~ x + (x|h)', { ...six(), h: ['a', 'b', 'c', 'a', 'b', 'c'] }));
    expect((e as Error).message).toMatch(/number of observations \(=6\) <= number of random effects \(=6\) for term \(x \| h\)/);
  });

  it('some singleton levels are fitted (lme4 fits them too)', () => {
    const r = MixedLM.fromFormula('y ~ 1 + (1|g)', { y: [1, 2, 1.5, 3, 1, 2.5, 4], g: ['a', 'a', 'b', 'b', 'c', 'd', 'e'] }).fit();
    expect(Number.isFinite(r.llf)).toBe(true);
  });
});

describe('wrong option values are InvalidArgumentErrors naming the option', () => {
  const m = MixedLM.fromFormula('Reaction ~ Days + (1 | Subject)', table('sleepstudy.csv'));
  const fit = m.fit();
  const cases: Array<[string, () => unknown, string]> = [
    ["fit({reml: 'no'})", () => m.fit({ reml: 'no' as unknown as boolean }), 'reml'],
    ['fit({rml: false}) (typo)', () => m.fit({ rml: false } as never), 'rml'],
    ["fit({method: ''})", () => m.fit({ method: '' }), 'method'],
    ['fit({maxiter: 1.5})', () => m.fit({ maxiter: 1.5 }), 'maxiter'],
    ['fit({gtol: NaN})', () => m.fit({ gtol: NaN }), 'gtol'],
    ["fit({signal: 'x'})", () => m.fit({ signal: 'x' as never }), 'signal'],
    ['fit(5)', () => m.fit(5 as never), 'options'],
    ['confInt(2)', () => fit.confInt(2), 'alpha'],
    ["confInt('0.05')", () => fit.confInt('0.05' as never), 'alpha'],
    ["confInt({level: '0.9'})", () => fit.confInt({ level: '0.9' as never }), 'level'],
    ["confInt({parm: ['nope']})", () => fit.confInt({ parm: ['nope'] }), 'parm'],
    ["confInt({criterion: 'reml'})", () => fit.confInt({ method: 'profile', criterion: 'reml' as never }), 'criterion'],
    ['bootstrap(0)', () => fit.bootstrap(0), 'n'],
    ['bootstrap(5, {seed: 1.5})', () => fit.bootstrap(5, { seed: 1.5 }), 'seed'],
    ['summary(1.2)', () => fit.summary(1.2), 'alpha'],
    ["fromFormula({group: 'Subject'})", () => MixedLM.fromFormula('Reaction ~ Days', table('sleepstudy.csv'), { group: 'Subject' } as never), 'group'],
    ["fromFormula({useSqrt: 'yes'})", () => MixedLM.fromFormula('Reaction ~ Days + (1|Subject)', table('sleepstudy.csv'), { useSqrt: 'yes' as never }), 'useSqrt'],
    ['fromFormula({vcFormula: {}})', () => MixedLM.fromFormula('Reaction ~ Days', table('sleepstudy.csv'), { groups: 'Subject', vcFormula: {} }), 'vcFormula'],
  ];
  for (const [name, f, arg] of cases)
    it(name, () => {
      const e = thrown(f);
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect((e as InvalidArgumentError).argument).toBe(arg);
      expect((e as Error).message.startsWith(`${arg}: `)).toBe(true);
    });
});
