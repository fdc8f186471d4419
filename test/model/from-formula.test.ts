import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { DataError, FormulaError, InvalidArgumentError } from '../../src/errors.js';
import { MixedLM, MixedLMParams } from '../../src/model/index.js';
import { close, expectVarCorr, LME4_MODELS, loadRef, table } from '../cli/helpers.js';

const lme4 = loadRef('lme4.json');
const sm = loadRef('statsmodels.json');

describe('fromFormula, lme4 dialect vs lme4 1.1-31', () => {
  for (const [name, spec] of Object.entries(LME4_MODELS))
    for (const tag of ['reml', 'ml']) {
      // insteval10k REML runs through the CLI suite (one ~5 s fit per suite)
      if (name === 'insteval10k' && tag === 'reml') continue;
      it(`${name} ${tag}`, () => {
        const ref = lme4[`${name}_${tag}`]!;
        const m = MixedLM.fromFormula(spec.formula, table(spec.file, spec.rows));
        expect(m.endogName).toBe(spec.formula.split('~')[0]!.trim());
        const r = m.fit({ reml: tag === 'reml' });
        expect(r.converged).toBe(true);
        for (const [k, v] of Object.entries(ref.fixef as Record<string, number>)) {
          const j = m.exogNames.indexOf(spec.feName[k]!);
          close(r.feParams[j]!, v, 1e-4, 1e-6, `fixef ${k}`); // 1e-4 relative
        }
        close(r.scale, ref.sigma2, 1e-4, 0, 'sigma2'); // 1e-4 relative
        close(r.llf, ref.loglik, 0, 1e-2, 'loglik'); // 1e-2 absolute
        expectVarCorr(r.varCorr(), ref.varcorr);
      });
    }

  it('sleepstudy (x || g) equals (1 | g) + (0 + x | g)', () => {
    const a = MixedLM.fromFormula('Reaction ~ Days + (Days || Subject)', table('sleepstudy.csv')).fit();
    const ref = lme4.sleepstudy_indep_reml;
    close(a.scale, ref.sigma2, 1e-4); // 1e-4 relative
    expectVarCorr(a.varCorr(), ref.varcorr);
  });

  it('pastes via nesting (1 | batch/cask) equals the explicit form, with lme4\'s name for the nested term (cask:batch)', () => {
    const r = MixedLM.fromFormula('strength ~ 1 + (1 | batch/cask)', table('Pastes.csv')).fit();
    const ref = (lme4.pastes_reml.varcorr as Parameters<typeof expectVarCorr>[1]).map((row) => ({ ...row, grp: row.grp === 'batch:cask' ? 'cask:batch' : row.grp }));
    expectVarCorr(r.varCorr(), ref);
  });

  it('structure: crossed → one group and the sparse-capable layout; single term → groups; nested vector term → per-group components', () => {
    const pen = MixedLM.fromFormula('diameter ~ 1 + (1 | plate) + (1 | sample)', table('Penicillin.csv'));
    expect(pen.nGroups).toBe(1);
    expect(pen.exogVc.names).toEqual(['plate', 'sample']);
    expect(pen.paramNames).toEqual(['Intercept', 'plate Var', 'sample Var']);
    const ss = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', table('sleepstudy.csv'));
    expect(ss.nGroups).toBe(18);
    expect(ss.paramNames).toEqual(['Intercept', 'Days', 'Subject Var', 'Subject x Days Cov', 'Days Var']);
    const nest = MixedLM.fromFormula('strength ~ 1 + (1 | batch) + (0 + C(cask) | batch)', table('Pastes.csv'));
    expect(nest.nGroups).toBe(10);
    expect(nest.kRe).toBe(3);
    // Subject:Days has one observation per level: lme4 1.1-31 refuses it (checkNlevels), and so do we
    expect(() => MixedLM.fromFormula('Reaction ~ Days + (Days | Subject) + (1 | Subject:Days)', table('sleepstudy.csv'))).toThrow(
      /number of levels of each grouping factor must be < number of observations \(problems: Subject:Days/,
    );
    const ss3 = table('sleepstudy.csv');
    const third = ss3.withColumn('Third', Array.from(ss3.numeric('Days'), (d) => String(d % 3)));
    const nv = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject) + (1 | Subject:Third)', third);
    expect(nv.kRe).toBe(2);
    expect(nv.kVc).toBe(1);
    expect(nv.formula!.random.map((t) => [t.grp, t.kind])).toEqual([
      ['Subject', 're'],
      ['Subject:Third', 'vc'],
    ]);
  });
});

describe('fromFormula, statsmodels dialect vs statsmodels 0.13.5', () => {
  const pe = table('Penicillin.csv');
  const cases: Record<string, () => MixedLM> = {
    sleepstudy_slopes: () => MixedLM.fromFormula('Reaction ~ Days', table('sleepstudy.csv'), { groups: 'Subject', reFormula: '~Days' }),
    sleepstudy_indep: () => MixedLM.fromFormula('Reaction ~ Days', table('sleepstudy.csv'), { groups: 'Subject', reFormula: '~Days' }),
    dyestuff: () => MixedLM.fromFormula('Yield ~ 1', table('Dyestuff.csv'), { groups: 'Batch' }),
    penicillin: () =>
      MixedLM.fromFormula('diameter ~ 1', pe, { groups: new Array<number>(pe.nrow).fill(1), reFormula: '0', vcFormula: { sample: '0 + C(sample)', plate: '0 + C(plate)' } }),
    pastes: () => MixedLM.fromFormula('strength ~ 1', table('Pastes.csv'), { groups: 'batch', reFormula: '1', vcFormula: { cask: '0 + C(cask)' }, useSparse: true }),
  };
  for (const [name, build] of Object.entries(cases))
    for (const tag of ['reml', 'ml']) {
      it(`${name} ${tag}`, () => {
        const ref = sm[`${name}_${tag}`]!;
        const m = build();
        expect(m.paramNames).toEqual(ref.param_names);
        const free = name === 'sleepstudy_indep' ? MixedLMParams.fromComponents({ feParams: [1, 1], covRe: [[1, 0], [0, 1]] }) : undefined;
        const r = m.fit({ reml: tag === 'reml', ...(free ? { free } : {}) });
        ref.fe_params.forEach((v: number, i: number) => close(r.feParams[i]!, v, 1e-4)); // 1e-4 relative
        close(r.scale, ref.scale, 1e-4); // 1e-4 relative
        close(r.llf, ref.llf, 0, 1e-4); // 1e-4 absolute
        ref.vcomp.forEach((v: number, i: number) => close(r.vcomp[i]!, v, 2e-3)); // 2e-3 relative (statsmodels' own stopping, see reference.test.ts)
      });
    }
});

describe('fromFormula inputs and options', () => {
  const ss = table('sleepstudy.csv');
  const rows = Array.from({ length: ss.nrow }, (_, i) => ss.row(i));

  it('row objects, columnar objects and Arrow tables give the same fit', () => {
    const f = 'Reaction ~ Days + (Days | Subject)';
    const a = MixedLM.fromFormula(f, rows).fit();
    const cols = { Reaction: rows.map((r) => r.Reaction as number), Days: Float64Array.from(rows, (r) => r.Days as number), Subject: rows.map((r) => String(r.Subject)) };
    const b = MixedLM.fromFormula(f, cols).fit();
    const c = MixedLM.fromFormula(f, tableFromArrays(cols)).fit();
    close(b.llf, a.llf, 0, 1e-9); // identical data → same optimum, 1e-9 absolute
    close(c.llf, a.llf, 0, 1e-9);
  });

  it("missing: 'drop' drops rows missing a formula variable (only those) and reports the count", () => {
    const rs = rows.map((r, i) => ({ ...r, Days: i % 17 === 3 ? null : r.Days, unused: i % 5 === 0 ? null : 1 }));
    expect(() => MixedLM.fromFormula('Reaction ~ Days + (1 | Subject)', rs)).toThrow(DataError);
    const m = MixedLM.fromFormula('Reaction ~ Days + (1 | Subject)', rs, { missing: 'drop' });
    const dropped = rs.filter((r) => r.Days === null).length;
    expect(m.nobs).toBe(rs.length - dropped);
    expect(m.formula!.nDropped).toBe(dropped);
    expect(m.warnings.some((w) => w.code === 'missing-dropped' && w.count === dropped)).toBe(true);
  });

  it('subset as a mask and as a predicate', () => {
    const a = MixedLM.fromFormula('Reaction ~ Days + (1 | Subject)', ss, { subset: rows.map((r) => (r.Days as number) < 5) });
    const b = MixedLM.fromFormula('Reaction ~ Days + (1 | Subject)', ss, { subset: (r) => (r.Days as number) < 5 });
    expect(a.nobs).toBe(90);
    expect(b.endog).toEqual(a.endog);
  });

  it('errors: syntax with caret, unknown column with suggestion, one-level grouping, non-numeric response, two vector terms, mixed dialects', () => {
    const err = (f: () => unknown): Error => {
      try {
        f();
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected an error');
    };
    const e1 = err(() => MixedLM.fromFormula('Reaction ~ Days + (Days | Subject', ss));
    expect(e1).toBeInstanceOf(FormulaError);
    expect(e1.message).toContain('^');
    const e2 = err(() => MixedLM.fromFormula('Reaction ~ Dayz + (1 | Subject)', ss));
    expect(e2.message).toMatch(/did you mean 'Days'/);
    const e2b = err(() => MixedLM.fromFormula('Reaction ~ Days + (1 | Subjekt)', ss));
    expect(e2b.message).toMatch(/Subject/);
    const one = rows.map((r) => ({ ...r, g: 'only' }));
    const e3 = err(() => MixedLM.fromFormula('Reaction ~ Days + (1 | g)', one));
    expect(e3).toBeInstanceOf(DataError);
    expect(e3.message).toMatch(/only one level/);
    const e4 = err(() => MixedLM.fromFormula('Subject ~ Days + (1 | Days)', ss));
    expect(e4).toBeInstanceOf(DataError);
    expect(e4.message).toMatch(/numeric response/);
    // two correlated terms, or a correlated term crossed with a scalar one: the general class (one group, d × d blocks)
    const three = one.map((r, i) => ({ ...r, g: String(i % 3) }));
    const m5 = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject) + (Days | g)', three);
    expect([m5.nGroups, m5.vcDims]).toEqual([1, [2, 2]]);
    const m6 = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject) + (1 | g)', three);
    expect([m6.nGroups, m6.vcDims]).toEqual([1, [2, 1]]);
    expect(err(() => MixedLM.fromFormula('Reaction ~ Days + (1 | Subject)', ss, { groups: 'Subject' }))).toBeInstanceOf(InvalidArgumentError);
    expect(err(() => MixedLM.fromFormula('Reaction ~ Days', ss))).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('formula prediction, save/reload, simulation', () => {
  const ss = table('sleepstudy.csv');
  const fit = MixedLM.fromFormula('Reaction ~ Days + (Days | Subject)', ss).fit();
  const ref = lme4.sleepstudy_slopes_reml;
  const ran = ref.ranef.Subject as { levels: string[]; terms: string[]; mean: number[][] };
  const newRows = [
    { Days: 10, Subject: '308' },
    { Days: 12.5, Subject: '372' },
    { Days: -1, Subject: '333' },
  ];

  it('predict(newData) = lme4 fixef + conditional modes at the new days (by hand)', () => {
    const p = fit.predict(newRows);
    newRows.forEach((r, i) => {
      const b = ran.mean[ran.levels.indexOf(r.Subject)]!;
      const hand = ref.fixef['(Intercept)'] + b[0]! + (ref.fixef.Days + b[1]!) * r.Days;
      close(p[i]!, hand, 1e-4, 0, `row ${i}`); // 1e-4 relative (modes agree with lme4 to ~1e-3 of their size)
    });
  });

  it('predict() without data = fitted values; includeRandom false = fixed part; unknown levels', () => {
    expect(fit.predict()).toEqual(fit.fittedValues);
    const fixed = fit.predict(newRows, { includeRandom: false });
    newRows.forEach((r, i) => close(fixed[i]!, fit.feParams[0]! + fit.feParams[1]! * r.Days, 1e-12)); // 1e-12 relative
    const unk = [{ Days: 4, Subject: '999' }];
    expect(() => fit.predict(unk)).toThrow(/Subject: level '999'/);
    close(fit.predict(unk, { newLevels: 'population' })[0]!, fit.feParams[0]! + 4 * fit.feParams[1]!, 1e-12); // 1e-12 relative
  });

  it('an unseen level of a fixed-effect factor raises DataError naming column and level', () => {
    const r = MixedLM.fromFormula('y ~ service + (1 | d)', table('InstEval.csv', 600)).fit();
    expect(() => r.predict([{ service: '2', d: '1002' }])).toThrow(/service.*'2'/);
  });

  it('toJSON → JSON text → fromJSON gives identical predictions', () => {
    const saved = JSON.parse(JSON.stringify(fit.toJSON()));
    const re = (fit.constructor as typeof import('../../src/model/results.js').MixedLMResults).fromJSON(saved);
    const rows = [...newRows, { Days: 3, Subject: '999' }];
    expect(re.predict(rows, { newLevels: 'population' })).toEqual(fit.predict(rows, { newLevels: 'population' }));
    const pa = MixedLM.fromFormula('strength ~ 1', table('Pastes.csv'), { groups: 'batch', reFormula: '1', vcFormula: { cask: '0 + C(cask)' } }).fit();
    const pj = (pa.constructor as typeof import('../../src/model/results.js').MixedLMResults).fromJSON(JSON.parse(JSON.stringify(pa.toJSON())));
    const prow = [{ batch: 'A', cask: 'b' }, { batch: 'J', cask: 'c' }];
    expect(pj.predict(prow)).toEqual(pa.predict(prow));
    // the in-sample rows reproduce the fitted values (statsmodels-dialect vc prediction by column name)
    const all = Array.from({ length: 60 }, (_, i) => table('Pastes.csv').row(i));
    pa.predict(all).forEach((v, i) => close(v, pa.fittedValues[i]!, 1e-12, 1e-9)); // 1e-12 relative
  });

  it('simulate: seeded, reproducible; conditional draws centre on the fitted values', () => {
    const a = fit.simulate({ seed: 5 });
    expect(a).toEqual(fit.simulate({ seed: 5 }));
    expect(a).not.toEqual(fit.simulate({ seed: 6 }));
    const k = 200;
    const mean = new Array<number>(fit.nobs).fill(0);
    for (let s = 0; s < k; s++) fit.simulate({ seed: s, useRandomEffects: true }).forEach((v, i) => (mean[i]! += v / k));
    const f = fit.fittedValues;
    // mean of 200 draws: sd √(scale/200) ≈ 1.8; allow 5 sd
    mean.forEach((v, i) => close(v, f[i]!, 0, 5 * Math.sqrt(fit.scale / k)));
    const z = fit.simulate({ seed: 1, newParams: { scale: 1e-12, covRe: [[1e-12, 0], [0, 1e-12]] } });
    z.forEach((v, i) => close(v, fit.feParams[0]! + fit.feParams[1]! * (ss.numeric('Days')[i]!), 0, 1e-4)); // no noise → Xβ, 1e-4 absolute
  });
});
