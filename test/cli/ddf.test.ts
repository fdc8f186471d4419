/** `fit --ddf`, `fit --anova` and `mixedlm anova SAVED_FIT` against the lmerTest/pbkrtest references. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { DATA, ROOT } from './helpers.js';

const refs = JSON.parse(readFileSync(join(ROOT, 'test', 'reference', 'ddf', 'ddf_refs.json'), 'utf8')) as Record<string, any>;
const TMP = mkdtempSync(join(tmpdir(), 'mixedlm-ddf-'));
const NESTED = join(ROOT, 'test', 'reference', 'ddf', 'nested_12x4x6.csv');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('mixedlm fit --ddf / --anova', () => {
  it('--json adds coef_table and anova rows (Kenward-Roger, nested design; df 1e-2, F 1e-4 relative, p 1e-4)', async () => {
    const { code, out, err } = await run('fit', NESTED, '-f', 'y ~ trt + x + (1 | school/class)', '--ddf', 'kenward-roger', '--anova', '3', '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    const ref = refs.nested;
    expect(j.coef_table.map((r: any) => r.name)).toEqual(j.param_names.slice(0, 3));
    j.coef_table.forEach((row: any, i: number) => {
      expect(Object.keys(row)).toEqual(['name', 'estimate', 'se', 'df', 't', 'p']);
      expect(rel(row.df, ref.kenward_roger[i].df)).toBeLessThan(1e-2);
      expect(Math.abs(row.p - ref.kenward_roger[i].p)).toBeLessThan(1e-4);
    });
    const want = ref.anova.type3_kenward_roger;
    expect(j.anova.map((r: any) => r.term)).toEqual(want.map((r: any) => r.term));
    j.anova.forEach((row: any, i: number) => {
      expect(Object.keys(row)).toEqual(['term', 'num_df', 'den_df', 'F', 'p']);
      expect(rel(row.den_df, want[i].denDf)).toBeLessThan(1e-2);
      expect(rel(row.F, want[i].F)).toBeLessThan(1e-4);
    });
  });

  it('text output prints df and p in the fixed-effects table and the ANOVA table', async () => {
    const { code, out } = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ Days + (Days | Subject)', '--ddf', 'satterthwaite', '--anova', '1');
    expect(code).toBe(0);
    expect(out).toMatch(/Fixed effects \(Satterthwaite's degrees of freedom\):/);
    expect(out).toMatch(/Days\s+10\.4673\s+1\.5458\s+17\.00\s+6\.771\s+0\.000003264/);
    expect(out).toMatch(/Type I Analysis of Variance Table with Satterthwaite's method:/);
  });

  it('bad option values are usage errors naming the option', async () => {
    const a = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ Days + (Days | Subject)', '--ddf', 'bogus');
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/--ddf/);
    const b = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ Days + (Days | Subject)', '--anova', '5');
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--anova/);
    const c = await run('fit', join(DATA, 'sleepstudy.csv'), '-f', 'Reaction ~ Days + (Days | Subject)', '--ml', '--ddf', 'kenward-roger');
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/REML/);
  });
});

describe('mixedlm anova SAVED_FIT', () => {
  it('refits the saved fit and prints the type 3 table (InstEval 2,000 rows with an interaction, Satterthwaite)', async () => {
    const rows = readFileSync(join(DATA, 'InstEval.csv'), 'utf8').split('\n').slice(0, 2001).join('\n') + '\n';
    const csv = join(TMP, 'ie2000.csv');
    writeFileSync(csv, rows);
    const saved = await run('fit', csv, '-f', 'y ~ service * studage + (1 | s) + (1 | d)', '--json');
    expect(saved.code).toBe(0);
    const fitPath = join(TMP, 'fit.json');
    writeFileSync(fitPath, saved.out);
    const { code, out } = await run('anova', fitPath, '--type', '3', '--ddf', 'satterthwaite', '--json');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    const want = refs.insteval2000_interaction.anova.type3_satterthwaite;
    j.anova.forEach((row: any, i: number) => {
      expect(row.term).toBe(want[i].term);
      expect(rel(row.den_df, want[i].denDf)).toBeLessThan(1e-3);
      expect(rel(row.F, want[i].F)).toBeLessThan(1e-4);
      expect(Math.abs(row.p - want[i].p)).toBeLessThan(1e-4);
    });
    const text = await run('anova', fitPath);
    expect(text.out).toMatch(/Type III Analysis of Variance Table with Satterthwaite's method:\n\s+NumDF\s+DenDF\s+F value\s+Pr\(>F\)\nservice\s+1/);
  });

  it('a file without a source is a typed error naming it', async () => {
    const p = join(TMP, 'nosource.json');
    writeFileSync(p, '{"format":"mixedlm-fit"}');
    const { code, err } = await run('anova', p);
    expect(code).not.toBe(0);
    expect(err).toMatch(/nosource\.json/);
  });
});
