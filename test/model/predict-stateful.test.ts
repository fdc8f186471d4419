import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { DesignInfo } from '../../src/formula/design-info-api.js';
import { MixedLM } from '../../src/model/mixedlm.js';
import { MixedLMResults } from '../../src/model/results-api.js';
import { close, table } from '../cli/helpers.js';

const ss = table('sleepstudy.csv');
const reload = (r: MixedLMResults) => MixedLMResults.fromJSON(JSON.parse(JSON.stringify(r.toJSON())));
// a few new rows only: a statistic recomputed on them (mean Days 7.7) would be far from the fit's (4.5)
const newRows = [
  { Days: 10, Subject: '308' },
  { Days: 12.5, Subject: '372' },
  { Days: 0.5, Subject: '333' },
];
const MEAN_DAYS = 4.5; // sleepstudy: Days 0..9 for every subject

describe('prediction with stateful transforms (center, standardize) uses the fit-time statistics', () => {
  const fit = MixedLM.fromFormula('Reaction ~ center(Days) + (center(Days) | Subject)', ss).fit();
  const hand = (rows: typeof newRows): number[] =>
    rows.map((r) => {
      const b = fit.randomEffects.get(r.Subject)!;
      const c = r.Days - MEAN_DAYS;
      return fit.feParams[0]! + b['Subject']! + (fit.feParams[1]! + b['center(Days)']!) * c;
    });

  it('the model keeps the fit-time designs in memory', () => {
    const info = fit.model.formula!;
    expect(info.fixedDesign).toBeInstanceOf(DesignInfo);
    expect(info.fixedDesign.columnNames).toEqual(['Intercept', 'center(Days)']);
    expect(info.fixedDesign.toJSON().transforms).toEqual([{ call: 'center(Days)', mean: MEAN_DAYS, sd: expect.any(Number) }]);
    expect(info.random[0]!.design!.toJSON().transforms[0]!.mean).toBe(MEAN_DAYS);
    expect(info.random[0]!.levels.length).toBe(18);
  });

  it('in memory: predict(newData) = hand computation with mean(Days) of the fit; one row at a time too', () => {
    const h = hand(newRows);
    fit.predict(newRows).forEach((p, i) => close(p, h[i]!, 1e-12, 1e-9, `row ${i}`)); // 1e-12 relative
    newRows.forEach((r, i) => close(fit.predict([r])[0]!, h[i]!, 1e-12, 1e-9, `single row ${i}`)); // 1e-12 relative
    const fixed = fit.predict(newRows, { includeRandom: false });
    newRows.forEach((r, i) => close(fixed[i]!, fit.feParams[0]! + fit.feParams[1]! * (r.Days - MEAN_DAYS), 1e-12)); // 1e-12 relative
    // the training rows reproduce the fitted values
    const rows = Array.from({ length: ss.nrow }, (_, i) => ss.row(i));
    fit.predict(rows).forEach((p, i) => close(p, fit.fittedValues[i]!, 1e-12, 1e-9)); // 1e-12 relative
  });

  it('after toJSON → JSON text → fromJSON: the same predictions, exactly', () => {
    const saved = reload(fit);
    expect(saved.json.version).toBe(3);
    expect(saved.predict(newRows)).toEqual(fit.predict(newRows));
    const h = hand(newRows);
    saved.predict(newRows).forEach((p, i) => close(p, h[i]!, 1e-12, 1e-9)); // 1e-12 relative
    const unk = [{ Days: 3, Subject: '999' }];
    expect(() => saved.predict(unk)).toThrow(/Subject: level '999'/);
    close(saved.predict(unk, { newLevels: 'population' })[0]!, fit.feParams[0]! + fit.feParams[1]! * (3 - MEAN_DAYS), 1e-12); // 1e-12 relative
  });

  it('statsmodels dialect: standardize in the fixed part, center in reFormula', () => {
    const r = MixedLM.fromFormula('Reaction ~ standardize(Days)', ss, { groups: 'Subject', reFormula: '~center(Days)' }).fit();
    const sd = Math.sqrt(Array.from({ length: 10 }, (_, d) => (d - MEAN_DAYS) ** 2).reduce((a, b) => a + b, 0) / 10);
    const expected = newRows.map((row) => {
      const b = r.randomEffects.get(row.Subject)!;
      return r.feParams[0]! + r.feParams[1]! * ((row.Days - MEAN_DAYS) / sd) + b['Subject']! + b['center(Days)']! * (row.Days - MEAN_DAYS);
    });
    r.predict(newRows).forEach((p, i) => close(p, expected[i]!, 1e-12, 1e-9)); // 1e-12 relative
    expect(reload(r).predict(newRows)).toEqual(r.predict(newRows));
  });

  it('a Treatment reference and a subset of levels in new data (Penicillin): in-sample rows give the fitted values', () => {
    const pen = table('Penicillin.csv');
    const r = MixedLM.fromFormula("diameter ~ C(sample, Treatment(reference='F')) + (1 | plate)", pen).fit();
    expect(r.model.exogNames[1]).toBe("C(sample, Treatment(reference='F'))[T.A]");
    const idx = [4, 7, 30]; // samples E, B, A only
    const rows = idx.map((i) => pen.row(i));
    const p = r.predict(rows);
    idx.forEach((i, k) => close(p[k]!, r.fittedValues[i]!, 1e-12, 1e-9)); // 1e-12 relative
    expect(reload(r).predict(rows)).toEqual(p);
  });

  it('saved fits of another version are rejected with a clear error', () => {
    const j = JSON.parse(JSON.stringify(fit.toJSON()));
    let err: unknown;
    try {
      MixedLMResults.fromJSON({ ...j, version: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(/version 1.*reads versions 2, 3/);
    expect(() => MixedLMResults.fromJSON({ ...j, version: undefined })).toThrow(/version/);
    // a damaged design is caught on load, not at prediction time
    const bad = JSON.parse(JSON.stringify(j));
    bad.model.fixedDesign.columnNames = ['Intercept', 'Days'];
    expect(() => MixedLMResults.fromJSON(bad)).toThrow(InvalidArgumentError);
  });
});
