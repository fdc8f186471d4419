/**
 * Satterthwaite and Kenward–Roger tables against lmerTest 3.1-3 / pbkrtest 0.5.2
 * (test/reference/ddf/ddf_refs.json, made by ddf_refs.R next to it). Tolerances
 * from the issue: df 1e-3 relative (Satterthwaite), 1e-2 (Kenward–Roger),
 * p 1e-4 absolute, F 1e-4 relative; estimates and standard errors 1e-4 relative
 * (statsmodels' own checks against lme4 use 1e-4 for fixed effects).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MixedLM, type MixedLMResults } from '../../../src/model/index.js';
import { readTable } from '../../../src/data/read.js';
import type { Table } from '../../../src/data/table.js';
import { REPO_ROOT } from '../../paths.js';
import { relErr } from '../helpers.js';

const REFDIR = join(REPO_ROOT, 'test', 'reference', 'ddf');
const refs = JSON.parse(readFileSync(join(REFDIR, 'ddf_refs.json'), 'utf8')) as Record<string, any>;

async function data(name: string): Promise<Table> {
  if (name === 'insteval2000') {
    const t = await readTable(join(REPO_ROOT, 'data', 'InstEval.csv'));
    return t.take(Array.from({ length: 2000 }, (_, i) => i));
  }
  const local = ['nested_12x4x6.csv', 'maximal_60x40.csv'].includes(name);
  return readTable(join(local ? REFDIR : join(REPO_ROOT, 'data'), name));
}

const CASES: Array<{ key: string; file: string; formula: string }> = [
  { key: 'sleepstudy', file: 'sleepstudy.csv', formula: 'Reaction ~ Days + (Days | Subject)' },
  { key: 'sleepstudy_ml', file: 'sleepstudy.csv', formula: 'Reaction ~ Days + (Days | Subject)' },
  { key: 'insteval2000', file: 'insteval2000', formula: 'y ~ service + lectage + (1 | s) + (1 | d)' },
  { key: 'insteval2000_interaction', file: 'insteval2000', formula: 'y ~ service * studage + (1 | s) + (1 | d)' },
  { key: 'pastes', file: 'Pastes.csv', formula: 'strength ~ 1 + (1 | batch/cask)' },
  { key: 'nested', file: 'nested_12x4x6.csv', formula: 'y ~ trt + x + (1 | school/class)' },
  { key: 'crossed_60x40', file: 'maximal_60x40.csv', formula: 'rt ~ cond + (1 | subj) + (1 | item)' },
  // the general class: two crossed correlated 2 × 2 terms (variance components with 2 × 2 blocks)
  { key: 'maximal', file: 'maximal_60x40.csv', formula: 'rt ~ cond + (1 + cond | subj) + (1 + cond | item)' },
];

interface TRow { estimate: number; se: number; df: number; t: number; p: number }
interface FRow { numDf: number; denDf: number; F: number; p: number }

function checkT(got: TRow, want: TRow, dfTol: number, what: string): void {
  expect(relErr(got.estimate, want.estimate), `${what} estimate`).toBeLessThan(1e-4);
  expect(relErr(got.se, want.se), `${what} se`).toBeLessThan(1e-4);
  expect(relErr(got.df, want.df), `${what} df ${got.df} vs ${want.df}`).toBeLessThan(dfTol);
  expect(Math.abs(got.p - want.p), `${what} p`).toBeLessThan(1e-4);
}

function checkF(got: FRow, want: FRow, dfTol: number, what: string): void {
  expect(got.numDf, `${what} numDf`).toBe(want.numDf);
  expect(relErr(got.denDf, want.denDf), `${what} denDf ${got.denDf} vs ${want.denDf}`).toBeLessThan(dfTol);
  expect(relErr(got.F, want.F), `${what} F ${got.F} vs ${want.F}`).toBeLessThan(1e-4);
  expect(Math.abs(got.p - want.p), `${what} p`).toBeLessThan(1e-4);
}

const METHODS = [
  { ref: 'satterthwaite', ddf: 'satterthwaite', tol: 1e-3 },
  { ref: 'kenward_roger', ddf: 'kenward-roger', tol: 1e-2 },
] as const;

describe('fixed-effect inference matches lmerTest / pbkrtest', () => {
  for (const c of CASES) {
    const ref = refs[c.key];
    if (!ref) continue;
    describe(`${c.key}: ${c.formula}${ref.reml ? '' : ' (ML)'}`, () => {
      let fit: MixedLMResults | null = null;
      const get = async (): Promise<MixedLMResults> => (fit ??= MixedLM.fromFormula(c.formula, await data(c.file)).fit({ reml: ref.reml }));

      for (const m of METHODS) {
        if (!ref[m.ref]) continue;
        it(`coefficient table (${m.ddf})`, async () => {
          const r = await get();
          const rows = r.coefTable({ ddf: m.ddf });
          expect(rows.length).toBe(ref[m.ref].length);
          rows.forEach((row, i) => checkT(row, ref[m.ref][i], m.tol, `${m.ddf} ${row.name}`));
        });
        for (const key of Object.keys(ref.anova ?? {})) {
          const mm = /^type(\d)_(\w+)$/.exec(key)!;
          if (mm[2] !== m.ref) continue;
          const type = Number(mm[1]) as 1 | 2 | 3;
          it(`anova type ${type} (${m.ddf})`, async () => {
            const r = await get();
            const rows = r.anova({ type, ddf: m.ddf });
            const want = ref.anova[key] as Array<FRow & { term: string }>;
            expect(rows.map((x) => x.term)).toEqual(want.map((x) => x.term));
            rows.forEach((row, i) => checkF(row, want[i]!, m.tol, `type ${type} ${row.term}`));
          });
        }
        (ref.contrasts as any[] | undefined)?.forEach((ct, k) => {
          if (!ct[`${m.ref}_t`]) return;
          it(`contrast ${k} t and F tests (${m.ddf})`, async () => {
            const r = await get();
            const L = ct.L as number[][];
            const ts = r.tTest(L, { ddf: m.ddf });
            ts.forEach((row, i) => checkT(row, ct[`${m.ref}_t`][i], m.tol, `L[${i}]`));
            checkF(r.fTest(L, { ddf: m.ddf }), ct[`${m.ref}_F`], m.tol, 'joint F');
          });
        });
      }
    });
  }
});

describe('a crossed fit on the boundary (InstEval, 300 rows: the d variance is estimated as 0)', () => {
  const b = JSON.parse(readFileSync(join(REFDIR, 'boundary_refs.json'), 'utf8')).insteval300_boundary;
  it('Satterthwaite drops the boundary variance as lmerTest does (df 1e-3); Kenward-Roger keeps it as pbkrtest (df 1e-2)', async () => {
    const t = (await readTable(join(REPO_ROOT, 'data', 'InstEval.csv'))).take(Array.from({ length: 300 }, (_, i) => i));
    const r = MixedLM.fromFormula(b.formula, t).fit();
    expect(r.warnings.some((w) => w.code === 'boundary')).toBe(true);
    for (const m of METHODS) r.coefTable({ ddf: m.ddf }).forEach((row, i) => checkT(row, b[m.ref][i], m.tol, `${m.ddf} ${row.name}`));
  });
});
