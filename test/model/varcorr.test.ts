import { REFERENCE_DIR } from '../paths.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatVarCorr, varCorrRows, type VarCorrRow, type VarCorrTerm } from '../../src/model/terms/varcorr.js';
import { DimensionMismatchError, InvalidArgumentError } from '../../src/errors.js';
import { relErr } from './helpers.js';

const lme4 = JSON.parse(readFileSync(`${REFERENCE_DIR}/lme4.json`, 'utf8').replace(/\bNaN\b/g, 'null')) as Record<
  string,
  { varcorr: VarCorrRow[] }
>;

/** Rebuild lme4's random terms (grouping, names, covariance) from its own data-frame rows. */
function termsFromRows(rows: VarCorrRow[]): { terms: VarCorrTerm[]; residual: number } {
  const terms: VarCorrTerm[] = [];
  let residual = NaN;
  for (const r of rows) {
    if (r.grp === 'Residual') {
      residual = r.vcov;
      continue;
    }
    let t = terms.find((x) => x.grp === r.grp);
    if (t === undefined) {
      t = { grp: r.grp, names: [], cov: [] };
      terms.push(t);
    }
    if (r.var2 === null) {
      t.names.push(r.var1!);
    }
  }
  for (const t of terms) {
    const n = t.names.length;
    t.cov = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (const r of rows) {
      if (r.grp !== t.grp) continue;
      const i = t.names.indexOf(r.var1!);
      const j = r.var2 === null ? i : t.names.indexOf(r.var2);
      t.cov[i]![j] = r.vcov;
      t.cov[j]![i] = r.vcov;
    }
  }
  return { terms, residual };
}

const ids = Object.keys(lme4).filter((k) => !k.startsWith('_'));

describe('varCorrRows reproduces as.data.frame(VarCorr(fit))', () => {
  it('covers the 12 lme4 reference fits', () => {
    expect(ids.length).toBe(12);
  });
  for (const id of ids) {
    it(id, () => {
      const want = lme4[id]!.varcorr;
      const { terms, residual } = termsFromRows(want);
      const got = varCorrRows(terms, residual);
      expect(got.length).toBe(want.length);
      got.forEach((g, k) => {
        const w = want[k]!;
        expect([g.grp, g.var1, g.var2]).toEqual([w.grp, w.var1, w.var2]); // order and naming exact
        expect(g.vcov).toBe(w.vcov);
        expect(relErr(g.sdcor, w.sdcor)).toBeLessThan(1e-10); // tol 1e-10 rel (lme4 stores 15 digits)
      });
    });
  }

  it('orders covariances column-major over the lower triangle (3 effects)', () => {
    const cov = [
      [4, 1, 0.5],
      [1, 9, -1.5],
      [0.5, -1.5, 16],
    ];
    const rows = varCorrRows([{ grp: 'g', names: ['(Intercept)', 'x', 'z'], cov }], 2);
    expect(rows.map((r) => [r.var1, r.var2])).toEqual([
      ['(Intercept)', null],
      ['x', null],
      ['z', null],
      ['(Intercept)', 'x'],
      ['(Intercept)', 'z'],
      ['x', 'z'],
      [null, null],
    ]);
    expect(rows[3]!.sdcor).toBeCloseTo(1 / 6, 14); // tol 1e-14
    expect(rows[4]!.sdcor).toBeCloseTo(0.5 / 8, 14); // tol 1e-14
    expect(rows[5]!.sdcor).toBeCloseTo(-1.5 / 12, 14); // tol 1e-14
    expect(rows[6]).toEqual({ grp: 'Residual', var1: null, var2: null, vcov: 2, sdcor: Math.SQRT2 });
  });

  it('rejects a covariance of the wrong shape', () => {
    expect(() => varCorrRows([{ grp: 'g', names: ['a', 'b'], cov: [[1]] }], 1)).toThrow(DimensionMismatchError);
    expect(() => varCorrRows([{ grp: 'g', names: [], cov: [] }], 1)).toThrow(InvalidArgumentError);
  });
});

describe('formatVarCorr reproduces lme4 printed VarCorr', () => {
  const slopes = termsFromRows(lme4['sleepstudy_slopes_reml']!.varcorr);
  const penicillin = termsFromRows(lme4['penicillin_reml']!.varcorr);

  it('sleepstudy_slopes: print(VarCorr(fit), comp = c("Variance", "Std.Dev."))', () => {
    expect(formatVarCorr(slopes.terms, slopes.residual)).toBe(
      [
        ' Groups   Name        Variance Std.Dev. Corr ',
        ' Subject  (Intercept) 612.100  24.7407       ',
        '          Days         35.072   5.9221  0.066',
        ' Residual             654.940  25.5918       ',
        '',
      ].join('\n'),
    );
  });

  it('sleepstudy_slopes: print(VarCorr(fit)) (Std.Dev. only, as published)', () => {
    expect(formatVarCorr(slopes.terms, slopes.residual, { comp: ['Std.Dev.'] })).toBe(
      [
        ' Groups   Name        Std.Dev. Corr ',
        ' Subject  (Intercept) 24.7407       ',
        '          Days         5.9221  0.066',
        ' Residual             25.5918       ',
        '',
      ].join('\n'),
    );
  });

  it('sleepstudy_slopes: summary(fit) random-effects block (digits = 4, as published)', () => {
    expect(formatVarCorr(slopes.terms, slopes.residual, { digits: 4 })).toBe(
      [
        ' Groups   Name        Variance Std.Dev. Corr',
        ' Subject  (Intercept) 612.10   24.741       ',
        '          Days         35.07    5.922   0.07',
        ' Residual             654.94   25.592       ',
        '',
      ].join('\n'),
    );
  });

  it('penicillin (crossed, scalar terms: no Corr column)', () => {
    expect(formatVarCorr(penicillin.terms, penicillin.residual)).toBe(
      [
        ' Groups   Name        Variance Std.Dev.',
        ' plate    (Intercept) 0.71691  0.84670 ',
        ' sample   (Intercept) 3.73113  1.93161 ',
        ' Residual             0.30241  0.54992 ',
        '',
      ].join('\n'),
    );
    // summary(fit) block, digits = 4 (as published for Penicillin)
    expect(formatVarCorr(penicillin.terms, penicillin.residual, { digits: 4 })).toBe(
      [
        ' Groups   Name        Variance Std.Dev.',
        ' plate    (Intercept) 0.7169   0.8467  ',
        ' sample   (Intercept) 3.7311   1.9316  ',
        ' Residual             0.3024   0.5499  ',
        '',
      ].join('\n'),
    );
  });

  it('three effects and a scalar term: negative correlations widen the column, extra unnamed column', () => {
    const terms: VarCorrTerm[] = [
      {
        grp: 'g',
        names: ['(Intercept)', 'x', 'z'],
        cov: [
          [4, 1, 0.5],
          [1, 9, -1.5],
          [0.5, -1.5, 16],
        ],
      },
      { grp: 'h', names: ['(Intercept)'], cov: [[0.25]] },
    ];
    // corr(x,(I)) = 1/6 → 0.167, corr(z,(I)) = 0.0625 → 0.062 (tie to even), corr(z,x) = -0.125;
    // the sign widens every correlation cell to 6; sds need 1 decimal (0.5), variances 2 (0.25)
    expect(formatVarCorr(terms, 1)).toBe(
      [
        ' Groups   Name        Variance Std.Dev. Corr         ',
        ' g        (Intercept)  4.00    2.0                   ',
        '          x            9.00    3.0       0.167       ',
        '          z           16.00    4.0       0.062 -0.125',
        ' h        (Intercept)  0.25    0.5                   ',
        ' Residual              1.00    1.0                   ',
        '',
      ].join('\n'),
    );
  });

  it('validates options and shapes', () => {
    expect(() => formatVarCorr(slopes.terms, 1, { comp: ['Variance'] })).toThrow(InvalidArgumentError);
    expect(() => formatVarCorr(slopes.terms, 1, { digits: 0 })).toThrow(InvalidArgumentError);
    expect(() => formatVarCorr([{ grp: 'g', names: ['a'], cov: [[1, 2]] }], 1)).toThrow(DimensionMismatchError);
  });
});
