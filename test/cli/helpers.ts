/** Helpers shared by the formula-model and CLI suites: data, references, the lme4/statsmodels model list. */
import { REFERENCE_DIR } from '../paths.js';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { readTableSync } from '../../src/data/read.js';
import type { Table } from '../../src/data/table.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const DATA = join(ROOT, 'data');
export const REF = REFERENCE_DIR;

export function loadRef(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(REF, name), 'utf8').replace(/\bNaN\b/g, 'null'));
}

const cache = new Map<string, Table>();
export function table(file: string, rows?: number): Table {
  const key = `${file}:${rows ?? ''}`;
  let t = cache.get(key);
  if (!t) {
    t = readTableSync(join(DATA, file));
    if (rows !== undefined) t = t.take(Array.from({ length: Math.min(rows, t.nrow) }, (_, i) => i));
    cache.set(key, t);
  }
  return t;
}

/** The lme4 reference models: data file, row limit, lme4 formula, our fixed-effect name for each lme4 name. */
export const LME4_MODELS: Record<string, { file: string; rows?: number; formula: string; feName: Record<string, string> }> = {
  sleepstudy_slopes: { file: 'sleepstudy.csv', formula: 'Reaction ~ Days + (Days | Subject)', feName: { '(Intercept)': 'Intercept', Days: 'Days' } },
  sleepstudy_indep: { file: 'sleepstudy.csv', formula: 'Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)', feName: { '(Intercept)': 'Intercept', Days: 'Days' } },
  dyestuff: { file: 'Dyestuff.csv', formula: 'Yield ~ 1 + (1 | Batch)', feName: { '(Intercept)': 'Intercept' } },
  penicillin: { file: 'Penicillin.csv', formula: 'diameter ~ 1 + (1 | plate) + (1 | sample)', feName: { '(Intercept)': 'Intercept' } },
  pastes: { file: 'Pastes.csv', formula: 'strength ~ 1 + (1 | batch) + (1 | batch:cask)', feName: { '(Intercept)': 'Intercept' } },
  // InstEval's service is quoted in the CSV → categorical → patsy names it service[T.1] (lme4: service1)
  insteval10k: { file: 'InstEval.csv', rows: 10000, formula: 'y ~ service + (1 | s) + (1 | d) + (1 | dept)', feName: { '(Intercept)': 'Intercept', service1: 'service[T.1]' } },
};

export const close = (a: number, b: number, rtol: number, atol = 0, what = ''): void => {
  expect(Math.abs(a - b), `${what} ${a} vs ${b}`).toBeLessThanOrEqual(rtol * Math.abs(b) + atol);
};

export interface VcRow {
  grp: string;
  var1: string | null;
  var2: string | null;
  vcov: number | null;
  sdcor?: number | null;
}

/**
 * Our VarCorr rows against lme4's: same grp/var1/var2 in the same order;
 * variances 1e-3 relative (lme4's own optimizer stops at ~1e-4–1e-3 on the flat
 * directions, e.g. pastes' batch); correlations 1e-3 absolute.
 */
export function expectVarCorr(mine: VcRow[], ref: VcRow[]): void {
  expect(mine.map((r) => [r.grp, r.var1, r.var2])).toEqual(ref.map((r) => [r.grp, r.var1, r.var2]));
  ref.forEach((r, i) => {
    const m = mine[i]!;
    if (r.var2 === null) close(m.vcov!, r.vcov!, 1e-3, 1e-8, `vcov ${r.grp}/${r.var1}`); // 1e-3 relative
    else close(m.sdcor!, r.sdcor!, 0, 1e-3, `corr ${r.grp}`); // 1e-3 absolute on the correlation
  });
}
